// The leads' review queue through its HTTP routes, against PostgreSQL: oldest submission first,
// filters, an atomic "next to review" that two leads pressing at once never share, four-eyes,
// handing a review back, claims gone stale, changes requested on comments already pinned, and
// assigning one annotator to many episodes at once.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Role } from "@/lib/auth/roles";
import { GET as queueRoute } from "@/app/api/review-queue/route";
import { POST as nextRoute } from "@/app/api/review-queue/next/route";
import { POST as releaseRoute } from "@/app/api/review-queue/release/route";
import { POST as bulkAssignRoute } from "@/app/api/episodes/assignments/route";
import { POST as createCommentRoute } from "@/app/api/annotations/[id]/comments/route";
import { PUT as putSettingsRoute } from "@/app/api/settings/annotation/route";
import { GET as auditRoute } from "@/app/api/audit/route";
import { call, resetDb } from "./helpers";
import { annotator, claimEpisode, expectStatus, idParam as id, people, read, saveAnnotation, seg, snap, transition, world, type Person } from "./workspace-fixtures";
import { STALE_REVIEW_MINUTES } from "@/lib/annotations/review-queue";

const api = {
  queue: (p: Person, qs = "") => read(call(queueRoute as never, { url: `/api/review-queue${qs}`, cookie: p.cookie })),
  next: (p: Person, body: Record<string, unknown> = {}) => read(call(nextRoute as never, { method: "POST", url: "/api/review-queue/next", body, cookie: p.cookie })),
  release: (p: Person, annotationId: number) => read(call(releaseRoute as never, { method: "POST", url: "/api/review-queue/release", body: { annotationId }, cookie: p.cookie })),
  bulk: (p: Person, episodeIds: number[], annotatorId: number) => read(call(bulkAssignRoute as never, { method: "POST", url: "/api/episodes/assignments", body: { episodeIds, annotatorId }, cookie: p.cookie })),
  act: transition,
  comment: (p: Person, annId: number, body: Record<string, unknown>) =>
    read(call(createCommentRoute as never, { method: "POST", url: `/api/annotations/${annId}/comments`, params: id(annId), body, cookie: p.cookie })),
};

/** `p` claims the episode, labels it and submits it; returns the annotation id. */
async function submitted(p: Person, episodeId: number): Promise<number> {
  const c = await claimEpisode(p, episodeId);
  expectStatus(c, 200);
  const annId = c.body.claimed.annotationId as number;
  const s = await saveAnnotation(p, annId, snap([seg("a", 0, 149, "reach"), seg("b", 150, 299, "grasp")]));
  expectStatus(s, 200);
  expectStatus(await api.act(p, annId, "submit"), 200);
  return annId;
}

/** Makes a submission look `hours` old. */
const age = (annId: number, hours: number) => db.annotation.update({ where: { id: annId }, data: { submittedAt: new Date(Date.now() - hours * 3_600_000) } });

describe("review queue", () => {
  let u: Record<Role, Person>;
  let w: Awaited<ReturnType<typeof world>>;
  let lead2: Person;

  beforeEach(async () => {
    await resetDb();
    u = await people();
    w = await world();
    lead2 = await annotator("Second Lead", "LEAD");
  });

  it("lists submitted work oldest first, filtered by environment, task, annotator and age, for leads only", async () => {
    const bea = await annotator("Bea");
    const [e1, e2, e3] = await w.episodes(3);
    const otherTask = await db.task.create({ data: { environmentId: w.environment.id, key: "stack", instruction: "Stack the cups" } });
    const [e4] = await w.episodes(1, 300, otherTask.id);
    const a1 = await submitted(u.ANNOTATOR, e1!);
    const a2 = await submitted(bea, e2!);
    const a4 = await submitted(u.ANNOTATOR, e4!);
    await age(a1, 50);
    await age(a2, 5);
    await age(a4, 30);
    // e3 is still being worked on: not in the queue.
    await claimEpisode(u.ANNOTATOR, e3!);

    const all = await api.queue(u.LEAD);
    expectStatus(all, 200);
    expect(all.body.items.map((i: { annotationId: number }) => i.annotationId)).toEqual([a1, a4, a2]);
    expect(all.body.total).toBe(3);
    expect(all.body.items[0]).toMatchObject({ episodeId: e1, annotator: { id: u.ANNOTATOR.id }, status: "SUBMITTED", environment: { name: "Kitchen" }, notForYou: null });

    const ids = async (qs: string) => (await api.queue(u.LEAD, qs)).body.items.map((i: { annotationId: number }) => i.annotationId);
    expect(await ids(`?taskId=${otherTask.id}`)).toEqual([a4]);
    expect(await ids(`?annotatorId=${bea.id}`)).toEqual([a2]);
    expect(await ids(`?minAgeHours=24`)).toEqual([a1, a4]);
    expect(await ids(`?environmentId=${w.environment.id}&minAgeHours=40`)).toEqual([a1]);
    expect((await api.queue(u.LEAD, "?minAgeHours=soon")).status).toBe(400);

    expect((await api.queue(u.ANNOTATOR)).status).toBe(403);
    expect((await api.queue(u.RESEARCHER)).status).toBe(403);
    expect((await api.next(u.RESEARCHER)).status).toBe(403);
  });

  it("hands each lead a different annotation, oldest first, even when they press at the same moment", async () => {
    const eps = await w.episodes(4);
    const anns: number[] = [];
    for (const [i, e] of eps.entries()) {
      const a = await submitted(u.ANNOTATOR, e);
      await age(a, 10 - i); // eps[0] is the oldest
      anns.push(a);
    }
    const [x, y] = await Promise.all([api.next(u.LEAD, {}), api.next(lead2, {})]);
    expectStatus(x, 200);
    expectStatus(y, 200);
    const got = [x.body.claimed.annotationId, y.body.claimed.annotationId];
    expect(new Set(got).size).toBe(2);
    expect(got.sort((p, q) => p - q)).toEqual([anns[0], anns[1]]);
    const rows = await db.annotation.findMany({ where: { id: { in: got } }, select: { id: true, status: true, reviewerId: true } });
    expect(rows.every((r) => r.status === "IN_REVIEW")).toBe(true);
    expect(new Set(rows.map((r) => r.reviewerId))).toEqual(new Set([u.LEAD.id, lead2.id]));

    // Pressing again resumes your own claim instead of taking more work.
    const again = await api.next(u.LEAD, {});
    expect(again.body.claimed).toEqual({ annotationId: x.body.claimed.annotationId, episodeId: x.body.claimed.episodeId, resumed: true });
    // Twenty presses by one lead at once still take one annotation.
    const burst = await Promise.all(Array.from({ length: 20 }, () => api.next(lead2, {})));
    expect(new Set(burst.map((b) => b.body.claimed.annotationId))).toEqual(new Set([y.body.claimed.annotationId]));
    // The queue shows who has what.
    const q = await api.queue(u.LEAD);
    const mine = q.body.items.find((i: { annotationId: number }) => i.annotationId === x.body.claimed.annotationId);
    expect(mine).toMatchObject({ status: "IN_REVIEW", reviewer: { id: u.LEAD.id } });
    const audit = await db.auditLog.findMany({ where: { action: "annotation.start_review" } });
    expect(audit).toHaveLength(2);
  });

  it("moves on after approval and after changes requested on the comments already pinned, and says when nothing is left", async () => {
    const eps = await w.episodes(2);
    const a = await submitted(u.ANNOTATOR, eps[0]!);
    const b = await submitted(u.ANNOTATOR, eps[1]!);
    await age(a, 2);
    await age(b, 1);
    const first = await api.next(u.LEAD);
    expect(first.body.claimed.annotationId).toBe(a);
    expectStatus(await api.act(u.LEAD, a, "approve"), 200);
    const second = await api.next(u.LEAD, { skip: [a] });
    expect(second.body.claimed.annotationId).toBe(b);

    // No comment at all: refused. A pinned comment posted first: accepted, and the audit names it.
    const refused = await api.act(u.LEAD, b, "request_changes");
    expectStatus(refused, 400);
    expect(refused.body.invalid_params[0].reason).toMatch(/pin one/);
    const pinned = await api.comment(u.LEAD, b, { body: "Grasp starts at 140.", frame: 140 });
    expectStatus(pinned, 201);
    const back = await api.act(u.LEAD, b, "request_changes");
    expectStatus(back, 200);
    expect(back.body.status).toBe("CHANGES_REQUESTED");
    const entry = await db.auditLog.findFirstOrThrow({ where: { action: "annotation.request_changes", entityId: String(b) } });
    expect(entry.detail).toMatchObject({ comments: [pinned.body.comment.id] });
    // The annotator's own comments are not a reviewer's request.
    expect((await db.annotation.findUniqueOrThrow({ where: { id: b } })).reviewerId).toBe(u.LEAD.id);

    expect((await api.next(u.LEAD)).body.claimed).toBeNull();
  });

  it("never hands a lead their own work, nor, under four-eyes, work they changed; off, only their own stays out", async () => {
    const eps = await w.episodes(2);
    const own = await submitted(u.LEAD, eps[0]!);
    const touched = await submitted(u.ANNOTATOR, eps[1]!);
    // The lead edits the annotator's submission (leads may), which makes them a contributor.
    const cur = await db.annotation.findUniqueOrThrow({ where: { id: touched } });
    const edit = await saveAnnotation(u.LEAD, touched, snap([seg("a", 0, 139, "reach"), seg("b", 140, 299, "grasp")]), cur.version);
    expectStatus(edit, 200);

    expect((await api.next(u.LEAD)).body.claimed).toBeNull();
    const q = await api.queue(u.LEAD);
    expect(Object.fromEntries(q.body.items.map((i: { annotationId: number; notForYou: string }) => [i.annotationId, i.notForYou]))).toEqual({ [own]: "your own work", [touched]: "you changed it (four-eyes)" });
    // Another lead gets them both, oldest first.
    expect((await api.next(lead2)).body.claimed.annotationId).toBe(own);

    const off = await read(call(putSettingsRoute as never, { method: "PUT", url: "/api/settings/annotation", body: { fourEyes: false }, cookie: u.LEAD.cookie }));
    expectStatus(off, 200);
    expect((await api.next(u.LEAD)).body.claimed.annotationId).toBe(touched);
  });

  it("takes back a review handed back or left too long, and only the lead who has it can hand it back", async () => {
    const [e] = await w.episodes(1);
    const a = await submitted(u.ANNOTATOR, e!);
    expect((await api.next(u.LEAD)).body.claimed.annotationId).toBe(a);
    expect((await api.next(lead2)).body.claimed).toBeNull();
    expectStatus(await api.release(lead2, a), 409);
    expectStatus(await api.release(u.LEAD, a), 200);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: a } })).status).toBe("SUBMITTED");
    expect((await db.episode.findUniqueOrThrow({ where: { id: e! } })).status).toBe("SUBMITTED");

    // Skipped by the one who handed it back, taken by the other.
    expect((await api.next(u.LEAD, { skip: [a] })).body.claimed).toBeNull();
    expect((await api.next(lead2)).body.claimed.annotationId).toBe(a);
    // Lead 2 walks away; after the stale limit it goes to whoever asks.
    await db.annotation.update({ where: { id: a }, data: { reviewClaimedAt: new Date(Date.now() - (STALE_REVIEW_MINUTES + 1) * 60_000) } });
    const taken = await api.next(u.LEAD);
    expect(taken.body.claimed).toMatchObject({ annotationId: a, resumed: false });
    expect((await db.annotation.findUniqueOrThrow({ where: { id: a } })).reviewerId).toBe(u.LEAD.id);
  });

  it("assigns one annotator to many episodes at once, all or nothing", async () => {
    const bea = await annotator("Bea");
    const eps = await w.episodes(3);
    await submitted(u.ANNOTATOR, eps[0]!);
    const r = await api.bulk(u.LEAD, eps, bea.id);
    expectStatus(r, 200);
    expect(r.body).toEqual({ annotatorId: bea.id, assigned: eps, already: [] });
    for (const e of eps) expect(await db.annotation.count({ where: { episodeId: e, annotatorId: bea.id } })).toBe(1);
    // Again: nothing new, each counted as already there.
    expect((await api.bulk(u.LEAD, eps, bea.id)).body).toEqual({ annotatorId: bea.id, assigned: [], already: eps });
    // One missing episode and nothing is assigned.
    const cleo = await annotator("Cleo");
    expectStatus(await api.bulk(u.LEAD, [eps[0]!, 999_999], cleo.id), 404);
    expect(await db.annotation.count({ where: { annotatorId: cleo.id } })).toBe(0);
    expectStatus(await api.bulk(u.ANNOTATOR, eps, cleo.id), 403);
    await db.user.update({ where: { id: cleo.id }, data: { disabled: true } });
    expectStatus(await api.bulk(u.LEAD, eps, cleo.id), 400);
  });

  it("shows the review trail in the audit log, filtered by actor, action and object, each entry linking to its page", async () => {
    const [e] = await w.episodes(1);
    const a = await submitted(u.ANNOTATOR, e!);
    await api.next(u.LEAD);
    expectStatus(await api.act(u.LEAD, a, "approve"), 200);
    const audit = (p: Person, qs: string) => read(call(auditRoute as never, { url: `/api/audit${qs}`, cookie: p.cookie }));
    const lead = await audit(u.LEAD, `?actorId=${u.LEAD.id}&action=annotation`);
    expectStatus(lead, 200);
    expect(lead.body.items.map((i: { action: string; link: string }) => [i.action, i.link])).toEqual([
      ["annotation.approve", `/episodes/${e}?annotation=${a}`],
      ["annotation.start_review", `/episodes/${e}?annotation=${a}`],
    ]);
    // An exact action, and an area that is only a prefix of words ("annotat") matches nothing.
    expect((await audit(u.LEAD, "?action=annotation.submit")).body.items.map((i: { actorId: number }) => i.actorId)).toEqual([u.ANNOTATOR.id]);
    expect((await audit(u.LEAD, "?action=annotat")).body.items).toEqual([]);
    const claim = await audit(u.LEAD, `?entityType=episode&entityId=${e}`);
    expect(claim.body.items.map((i: { action: string; link: string }) => [i.action, i.link])).toEqual([["episode.claim", `/episodes/${e}`]]);
    expectStatus(await audit(u.ANNOTATOR, ""), 403);
    expectStatus(await audit(u.LEAD, "?actorId=abc"), 400);
  });
});
