// The annotation workspace through its HTTP routes, against PostgreSQL: claiming work, saving with
// optimistic concurrency, versions and restore, the review workflow, double annotation and
// agreement, review comments, settings and task labels. Expected numbers are worked out by hand
// in the comments next to them, not taken from the code under test.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Role } from "@/lib/auth/roles";
import type { AnnotationSnapshot } from "@/lib/annotation/types";
import { GET as getAnnotationRoute, PUT as putAnnotationRoute } from "@/app/api/annotations/[id]/route";
import { GET as versionsRoute } from "@/app/api/annotations/[id]/versions/route";
import { POST as restoreRoute } from "@/app/api/annotations/[id]/restore/route";
import { POST as transitionRoute } from "@/app/api/annotations/[id]/transitions/route";
import { GET as listCommentsRoute, POST as createCommentRoute } from "@/app/api/annotations/[id]/comments/route";
import { PATCH as patchCommentRoute } from "@/app/api/comments/[id]/route";
import { POST as nextRoute } from "@/app/api/episodes/next/route";
import { GET as episodeRoute } from "@/app/api/episodes/[id]/route";
import { POST as claimRoute } from "@/app/api/episodes/[id]/claim/route";
import { POST as assignRoute } from "@/app/api/episodes/[id]/assignments/route";
import { GET as episodeAgreementRoute } from "@/app/api/episodes/[id]/agreement/route";
import { GET as agreementRoute } from "@/app/api/agreement/route";
import { GET as getSettingsRoute, PUT as putSettingsRoute } from "@/app/api/settings/annotation/route";
import { GET as tasksRoute } from "@/app/api/tasks/route";
import { PATCH as patchTaskRoute } from "@/app/api/tasks/[id]/route";
import { GET as taskLabelsRoute } from "@/app/api/tasks/[id]/labels/route";
import { call, resetDb } from "./helpers";
import { annotator, people, read, seg, snap, world, type Person } from "./workspace-fixtures";

// ---------------------------------------------------------------------------------------------
// The API as a client sees it

const id = (n: number) => ({ id: String(n) });
const api = {
  next: (p: Person, body: Record<string, unknown> = {}) => call(nextRoute as never, { method: "POST", url: "/api/episodes/next", body, cookie: p.cookie }),
  claim: (p: Person, episodeId: number) =>
    call(claimRoute as never, { method: "POST", url: `/api/episodes/${episodeId}/claim`, params: id(episodeId), cookie: p.cookie }),
  assign: (p: Person, episodeId: number, annotatorIds: number[]) =>
    call(assignRoute as never, { method: "POST", url: `/api/episodes/${episodeId}/assignments`, params: id(episodeId), body: { annotatorIds }, cookie: p.cookie }),
  episode: (p: Person, episodeId: number) => call(episodeRoute as never, { url: `/api/episodes/${episodeId}`, params: id(episodeId), cookie: p.cookie }),
  get: (p: Person, annId: number) => call(getAnnotationRoute as never, { url: `/api/annotations/${annId}`, params: id(annId), cookie: p.cookie }),
  save: (p: Person, annId: number, baseVersion: number, snapshot: AnnotationSnapshot) =>
    call(putAnnotationRoute as never, { method: "PUT", url: `/api/annotations/${annId}`, params: id(annId), body: { baseVersion, snapshot }, cookie: p.cookie }),
  versions: (p: Person, annId: number) => call(versionsRoute as never, { url: `/api/annotations/${annId}/versions`, params: id(annId), cookie: p.cookie }),
  restore: (p: Person, annId: number, version: number, baseVersion: number) =>
    call(restoreRoute as never, { method: "POST", url: `/api/annotations/${annId}/restore`, params: id(annId), body: { version, baseVersion }, cookie: p.cookie }),
  act: (p: Person, annId: number, action: string, comment?: string) =>
    call(transitionRoute as never, {
      method: "POST",
      url: `/api/annotations/${annId}/transitions`,
      params: id(annId),
      body: comment === undefined ? { action } : { action, comment },
      cookie: p.cookie,
    }),
  comments: (p: Person, annId: number) => call(listCommentsRoute as never, { url: `/api/annotations/${annId}/comments`, params: id(annId), cookie: p.cookie }),
  comment: (p: Person, annId: number, body: Record<string, unknown>) =>
    call(createCommentRoute as never, { method: "POST", url: `/api/annotations/${annId}/comments`, params: id(annId), body, cookie: p.cookie }),
  resolve: (p: Person, commentId: number, resolved: boolean) =>
    call(patchCommentRoute as never, { method: "PATCH", url: `/api/comments/${commentId}`, params: id(commentId), body: { resolved }, cookie: p.cookie }),
  episodeAgreement: (p: Person, episodeId: number, k?: number) =>
    call(episodeAgreementRoute as never, { url: `/api/episodes/${episodeId}/agreement${k === undefined ? "" : `?k=${k}`}`, params: id(episodeId), cookie: p.cookie }),
  agreement: (p: Person, k?: number) => call(agreementRoute as never, { url: `/api/agreement${k === undefined ? "" : `?k=${k}`}`, cookie: p.cookie }),
  settings: (p: Person) => call(getSettingsRoute as never, { url: "/api/settings/annotation", cookie: p.cookie }),
  putSettings: (p: Person, body: unknown) => call(putSettingsRoute as never, { method: "PUT", url: "/api/settings/annotation", body, cookie: p.cookie }),
  tasks: (p: Person) => call(tasksRoute as never, { url: "/api/tasks", cookie: p.cookie }),
  patchTask: (p: Person, taskId: number, body: unknown) =>
    call(patchTaskRoute as never, { method: "PATCH", url: `/api/tasks/${taskId}`, params: id(taskId), body, cookie: p.cookie }),
  labels: (p: Person, taskId: number) => call(taskLabelsRoute as never, { url: `/api/tasks/${taskId}/labels`, params: id(taskId), cookie: p.cookie }),
};

/** Claims an episode for `p` and returns the new annotation's id. */
async function claimed(p: Person, episodeId: number): Promise<number> {
  const r = await read(api.claim(p, episodeId));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.claimed.annotationId;
}

/** Saves and returns the new version, failing loudly if the save is refused. */
async function saved(p: Person, annId: number, baseVersion: number, snapshot: AnnotationSnapshot): Promise<number> {
  const r = await read(api.save(p, annId, baseVersion, snapshot));
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.version;
}

const reasons = (body: any): string[] => (body.invalid_params ?? []).map((p: { reason: string }) => p.reason);
const episodeStatus = async (episodeId: number) => (await db.episode.findUniqueOrThrow({ where: { id: episodeId } })).status;

// ---------------------------------------------------------------------------------------------

describe("annotation workspace", () => {
  let u: Record<Role, Person>;
  let w: Awaited<ReturnType<typeof world>>;

  beforeEach(async () => {
    await resetDb();
    u = await people();
    w = await world();
  });

  describe("claiming work", () => {
    it("gives an annotator the next episode, resumes it on the next call, and skips the one on screen when asked", async () => {
      const [e1, e2] = await w.episodes(3);
      const ana = u.ANNOTATOR;

      const first = await read(api.next(ana));
      expect(first.status).toBe(200);
      expect(first.body.claimed).toMatchObject({ episodeId: e1, resumed: false });
      const annId = first.body.claimed.annotationId as number;

      const ann = (await read(api.get(ana, annId))).body;
      expect(ann).toMatchObject({ episodeId: e1, status: "IN_PROGRESS", version: 1, annotator: { id: ana.id, name: ana.name } });
      expect(ann.permissions.canEdit).toBe(true);
      expect(ann.permissions.actions).toEqual(["submit"]);
      const ep = (await read(api.episode(ana, e1))).body;
      expect(ep.status).toBe("IN_PROGRESS");
      expect(ep.assignee).toEqual({ id: ana.id, name: ana.name });

      // Asking again hands back the same unfinished work rather than a second episode.
      const again = await read(api.next(ana));
      expect(again.body.claimed).toEqual({ episodeId: e1, annotationId: annId, resumed: true });
      expect(await db.annotation.count({ where: { annotatorId: ana.id } })).toBe(1);

      // "Skip this one": excluding the annotation on screen claims the next unassigned episode.
      const other = await read(api.next(ana, { excludeAnnotationId: annId }));
      expect(other.status).toBe(200);
      expect(other.body.claimed).toMatchObject({ episodeId: e2, resumed: false });
      expect(other.body.claimed.annotationId).not.toBe(annId);
      expect(await episodeStatus(e2)).toBe("IN_PROGRESS");
    });

    it("hands 10 episodes to 20 annotators claiming at once: exactly 10 get one, all different, nobody shares", async () => {
      const eps = await w.episodes(10);
      const crowd: Person[] = [];
      for (let i = 0; i < 20; i++) crowd.push(await annotator(`Crowd ${i}`));

      const results = await Promise.all(crowd.map((p) => read(api.next(p))));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      const won = results.map((r, i) => ({ who: crowd[i]!, claimed: r.body.claimed })).filter((r) => r.claimed !== null);
      expect(won.length).toBe(10);
      expect(results.filter((r) => r.body.claimed === null).length).toBe(10);
      expect(new Set(won.map((r) => r.claimed.episodeId))).toEqual(new Set(eps));

      // In the database: one annotation per episode, owned by the annotator the API told, who is also the assignee.
      const anns = await db.annotation.findMany({ include: { episode: true } });
      expect(anns.length).toBe(10);
      expect(new Set(anns.map((a) => a.episodeId)).size).toBe(10);
      for (const r of won) {
        const a = anns.find((x) => x.id === r.claimed.annotationId)!;
        expect(a.annotatorId).toBe(r.who.id);
        expect(a.episode.assigneeId).toBe(r.who.id);
        expect(a.episode.status).toBe("IN_PROGRESS");
      }
      expect(await db.episode.count({ where: { status: "UNASSIGNED" } })).toBe(0);
    });

    it("refuses to claim an episode someone else has, with a problem+json 409", async () => {
      const [e1] = await w.episodes(1);
      const bo = await annotator("Bo Annotator");
      const annId = await claimed(u.ANNOTATOR, e1!);

      const taken = await read(api.claim(bo, e1!));
      expect(taken.status).toBe(409);
      expect(taken.type).toContain("application/problem+json");
      expect(taken.body).toMatchObject({ status: 409, title: "Conflict" });
      expect(taken.body.detail).toMatch(/already working on this episode/);
      expect(await db.annotation.count({ where: { episodeId: e1 } })).toBe(1);

      // The holder claiming it again just resumes.
      expect((await read(api.claim(u.ANNOTATOR, e1!))).body.claimed).toEqual({ episodeId: e1, annotationId: annId, resumed: true });
      expect((await read(api.claim(bo, 999_999))).status).toBe(404);
    });

    it("lets exactly one of two annotators claiming the same episode at the same moment have it", async () => {
      const [e1] = await w.episodes(1);
      const bo = await annotator("Bo Annotator");
      const [a, b] = await Promise.all([read(api.claim(u.ANNOTATOR, e1!)), read(api.claim(bo, e1!))]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect(await db.annotation.count({ where: { episodeId: e1 } })).toBe(1);
    });
  });

  it("starts a claimed annotation from the episode's imported segments, leaving the import untouched", async () => {
    const [e1] = await w.episodes(1, 120);
    const imported = [seg("imp-1", 0, 39, "reach"), seg("imp-2", 40, 89, "grasp"), seg("imp-3", 90, 119, "lift")];
    const importedAnn = await db.annotation.create({
      data: {
        episodeId: e1!,
        annotatorId: null,
        origin: "AGIBOT_ACTION_CONFIG",
        outcome: "SUCCESS",
        segments: { create: imported },
        versions: { create: { version: 1, authorId: null, snapshot: snap(imported) } },
      },
    });

    const got = await read(api.next(u.ANNOTATOR));
    expect(got.body.claimed).toMatchObject({ episodeId: e1, resumed: false });
    const annId = got.body.claimed.annotationId as number;
    expect(annId).not.toBe(importedAnn.id);
    const ann = (await read(api.get(u.ANNOTATOR, annId))).body;
    expect(ann.origin).toBe("AGIBOT_ACTION_CONFIG");
    expect(ann.annotator.id).toBe(u.ANNOTATOR.id);
    expect(ann.snapshot.segments).toEqual(imported);
    expect(ann.snapshot.outcome).toBe("SUCCESS");
    // Version 1 of the copy records the pre-filled state.
    const v = (await read(api.versions(u.ANNOTATOR, annId))).body.versions;
    expect(v.map((x: any) => x.version)).toEqual([1]);
    expect(v[0].snapshot.segments).toEqual(imported);

    // Editing the copy does not touch the import.
    await saved(u.ANNOTATOR, annId, 1, snap([seg("imp-1", 0, 29, "reach")]));
    const after = await db.segment.findMany({ where: { annotationId: importedAnn.id }, orderBy: { startFrame: "asc" } });
    expect(after.map((s) => ({ key: s.key, startFrame: s.startFrame, endFrame: s.endFrame, label: s.label }))).toEqual(imported);
    // The annotator sees both their own work and the import on the episode page.
    const ep = (await read(api.episode(u.ANNOTATOR, e1!))).body;
    expect(ep.annotations.map((a: any) => a.id).sort()).toEqual([importedAnn.id, annId].sort());
  });

  describe("saving", () => {
    it("saves on the current version and refuses a stale save with 409 carrying what is there now", async () => {
      const [e1] = await w.episodes(1);
      const annId = await claimed(u.ANNOTATOR, e1!);
      const first = [seg("a", 0, 99, "reach"), seg("b", 100, 199, "grasp")];
      const stale = [seg("x", 0, 299, "everything")];

      const ok = await read(api.save(u.ANNOTATOR, annId, 1, snap(first)));
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ id: annId, version: 2 });
      const now = (await read(api.get(u.ANNOTATOR, annId))).body;
      expect(now.version).toBe(2);
      expect(now.snapshot.segments).toEqual(first);
      expect(now.savedBy).toEqual({ id: u.ANNOTATOR.id, name: u.ANNOTATOR.name });

      // Another tab still on version 1 saves: refused, and told what version 2 holds.
      const conflict = await read(api.save(u.ANNOTATOR, annId, 1, snap(stale)));
      expect(conflict.status).toBe(409);
      expect(conflict.type).toContain("application/problem+json");
      expect(conflict.body.current.version).toBe(2);
      expect(conflict.body.current.status).toBe("IN_PROGRESS");
      expect(conflict.body.current.snapshot.segments).toEqual(first);
      expect(conflict.body.current.savedBy).toEqual({ id: u.ANNOTATOR.id, name: u.ANNOTATOR.name });
      expect(conflict.body.current.savedAt).toBeTruthy();
      expect(conflict.body.detail).toMatch(/version 1.*version 2/);

      // Nothing of the stale save reached the database.
      const row = await db.annotation.findUniqueOrThrow({ where: { id: annId }, include: { segments: { orderBy: { startFrame: "asc" } } } });
      expect(row.version).toBe(2);
      expect(row.segments.map((s) => s.label)).toEqual(["reach", "grasp"]);
      expect(await db.annotationVersion.count({ where: { annotationId: annId } })).toBe(2);
    });

    it("lets exactly one of two simultaneous saves on the same version through", async () => {
      const [e1] = await w.episodes(1);
      const annId = await claimed(u.ANNOTATOR, e1!);
      const [a, b] = await Promise.all([
        read(api.save(u.ANNOTATOR, annId, 1, snap([seg("a", 0, 9, "from A")]))),
        read(api.save(u.LEAD, annId, 1, snap([seg("b", 0, 19, "from B")]))),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = a.status === 200 ? "from A" : "from B";
      const row = await db.annotation.findUniqueOrThrow({ where: { id: annId }, include: { segments: true } });
      expect(row.version).toBe(2);
      expect(row.segments.map((s) => s.label)).toEqual([winner]);
      expect(await db.annotationVersion.count({ where: { annotationId: annId } })).toBe(2);
    });

    it("refuses invalid snapshots with 400 naming each problem, and saves nothing", async () => {
      const [e1] = await w.episodes(1); // 300 frames: 0..299
      const annId = await claimed(u.ANNOTATOR, e1!);
      const bad = async (snapshot: AnnotationSnapshot) => {
        const r = await read(api.save(u.ANNOTATOR, annId, 1, snapshot));
        expect(r.status, JSON.stringify(r.body)).toBe(400);
        expect(r.type).toContain("application/problem+json");
        return r.body.invalid_params as Array<{ name: string; reason: string }>;
      };

      // [0,10] and [10,20] share frame 10 (frames are inclusive).
      const overlap = await bad(snap([seg("a", 0, 10, "reach"), seg("b", 10, 20, "grasp")]));
      expect(overlap).toContainEqual({ name: "snapshot.segments", reason: expect.stringMatching(/overlap \(frames 10 to 10\)/) });

      const beyond = await bad(snap([seg("a", 250, 300, "reach")]));
      expect(beyond).toContainEqual({ name: "snapshot.segments", reason: expect.stringMatching(/250 to 300 are outside the episode \(frames 0 to 299\)/) });

      const backwards = await bad(snap([seg("a", 50, 40, "reach")]));
      expect(backwards).toContainEqual({ name: "snapshot.segments", reason: expect.stringMatching(/starts at frame 50, after its end at frame 40/) });

      const reason = await bad(snap([seg("a", 0, 9, "reach")], { outcome: "FAILURE", failureReason: "Cosmic rays" }));
      expect(reason).toContainEqual({ name: "snapshot.failureReason", reason: expect.stringMatching(/"Cosmic rays" is not in the failure taxonomy/) });

      const flag = await bad(snap([seg("a", 0, 9, "reach")], { qualityFlags: ["Bad video", "Blurry"] }));
      expect(flag).toEqual([{ name: "snapshot.qualityFlags", reason: expect.stringMatching(/"Blurry" is not a known quality flag/) }]);

      const dupKeys = await bad(snap([seg("a", 0, 9, "reach"), seg("a", 20, 29, "grasp")]));
      expect(dupKeys).toContainEqual({ name: "snapshot.segments", reason: expect.stringMatching(/same key "a"/) });

      // Schema-level: a negative frame is refused before any of the above.
      const neg = await bad(snap([seg("a", -1, 9, "reach")]));
      expect(neg.some((p) => p.name.startsWith("snapshot.segments.0.startFrame"))).toBe(true);

      const row = await db.annotation.findUniqueOrThrow({ where: { id: annId }, include: { segments: true } });
      expect(row.version).toBe(1);
      expect(row.segments).toEqual([]);
    });

    it("hides other annotators' work (404) and locks an annotator's own work once submitted (403)", async () => {
      const [e1] = await w.episodes(1);
      const bo = await annotator("Bo Annotator");
      const annId = await claimed(u.ANNOTATOR, e1!);

      const foreign = await read(api.save(bo, annId, 1, snap([seg("a", 0, 9, "mine now")])));
      expect(foreign.status).toBe(404);
      expect((await read(api.get(bo, annId))).status).toBe(404);

      await saved(u.ANNOTATOR, annId, 1, snap([seg("a", 0, 9, "reach")]));
      expect((await read(api.act(u.ANNOTATOR, annId, "submit"))).status).toBe(200);
      const locked = await read(api.save(u.ANNOTATOR, annId, 2, snap([seg("a", 0, 19, "reach")])));
      expect(locked.status).toBe(403);
      expect((await read(api.get(u.ANNOTATOR, annId))).body.permissions.canEdit).toBe(false);
      const row = await db.annotation.findUniqueOrThrow({ where: { id: annId }, include: { segments: true } });
      expect(row.version).toBe(2);
      expect(row.segments.map((s) => s.endFrame)).toEqual([9]);
    });

    it("normalises what it stores: no failure reason unless failed, trimmed labels, sorted segments, one of each flag", async () => {
      const [e1] = await w.episodes(1);
      const annId = await claimed(u.ANNOTATOR, e1!);
      await saved(
        u.ANNOTATOR,
        annId,
        1,
        snap([seg("b", 100, 199, " grasp  "), seg("a", 0, 99, "reach")], {
          outcome: "SUCCESS",
          failureReason: "Grasp failed",
          qualityFlags: ["Bad video", "Bad video"],
        }),
      );
      const s = (await read(api.get(u.ANNOTATOR, annId))).body.snapshot;
      expect(s.failureReason).toBeNull();
      expect(s.outcome).toBe("SUCCESS");
      expect(s.segments).toEqual([seg("a", 0, 99, "reach"), seg("b", 100, 199, "grasp")]);
      expect(s.qualityFlags).toEqual(["Bad video"]);
      // The version snapshot is the normalised one too.
      const v = (await read(api.versions(u.ANNOTATOR, annId))).body.versions[0];
      expect(v.snapshot.failureReason).toBeNull();
      // The episode's outcome follows its assignee's annotation.
      expect((await db.episode.findUniqueOrThrow({ where: { id: e1 } })).outcome).toBe("SUCCESS");
    });
  });

  it("lists versions newest first with authors, restores one as a new version, refuses a stale restore and audits it", async () => {
    const [e1] = await w.episodes(1);
    const ana = u.ANNOTATOR;
    const annId = await claimed(ana, e1!); // version 1: empty
    const s2 = snap([seg("a", 0, 49, "reach")]);
    const s3 = snap([seg("a", 0, 59, "reach"), seg("b", 60, 99, "grasp")], { note: "lead fixed a boundary" });
    const s4 = snap([seg("a", 0, 59, "reach")], { outcome: "FAILURE", failureReason: "Object dropped" });
    expect(await saved(ana, annId, 1, s2)).toBe(2);
    expect(await saved(u.LEAD, annId, 2, s3)).toBe(3); // leads may fix work in progress
    expect(await saved(ana, annId, 3, s4)).toBe(4);

    const list = (await read(api.versions(ana, annId))).body.versions;
    expect(list.map((v: any) => v.version)).toEqual([4, 3, 2, 1]);
    expect(list.map((v: any) => v.author?.name)).toEqual([ana.name, u.LEAD.name, ana.name, ana.name]);
    expect(list[2].snapshot).toEqual(s2);
    expect(list[3].snapshot.segments).toEqual([]);

    const restored = await read(api.restore(ana, annId, 2, 4));
    expect(restored.status).toBe(200);
    expect(restored.body.version).toBe(5);
    const after = (await read(api.versions(ana, annId))).body.versions;
    expect(after.map((v: any) => v.version)).toEqual([5, 4, 3, 2, 1]);
    expect(after[0].snapshot).toEqual(after[3].snapshot); // version 5 == version 2
    expect(after[0].snapshot).toEqual(s2);
    expect((await read(api.get(ana, annId))).body).toMatchObject({ version: 5, snapshot: s2 });

    // Someone restoring from a page that still shows version 4.
    const stale = await read(api.restore(ana, annId, 3, 4));
    expect(stale.status).toBe(409);
    expect(stale.body.current.version).toBe(5);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annId } })).version).toBe(5);
    expect((await read(api.restore(ana, annId, 99, 5))).status).toBe(404);

    const audit = await db.auditLog.findMany({ where: { action: "annotation.restore" } });
    expect(audit.length).toBe(1);
    expect(audit[0]).toMatchObject({ actorId: ana.id, entityType: "annotation", entityId: String(annId), detail: { restoredFrom: 2, version: 5 } });
  });

  it("walks the review workflow: submit checks, who may act, wrong states, request changes and approval", async () => {
    const [e1] = await w.episodes(1);
    const ana = u.ANNOTATOR;
    const lead = u.LEAD;
    const annId = await claimed(ana, e1!);

    // Nothing marked yet.
    const empty = await read(api.act(ana, annId, "submit"));
    expect(empty.status).toBe(400);
    expect(reasons(empty.body)).toEqual(expect.arrayContaining([expect.stringMatching(/at least one subtask segment/), expect.stringMatching(/Choose the episode's outcome/)]));

    // Drafts may be saved with an unlabelled segment and an unknown outcome, but not submitted.
    let v = await saved(ana, annId, 1, snap([seg("a", 0, 99, "reach"), seg("b", 100, 199, "")], { outcome: "UNKNOWN" }));
    const unlabelled = await read(api.act(ana, annId, "submit"));
    expect(unlabelled.status).toBe(400);
    expect(reasons(unlabelled.body)).toEqual(
      expect.arrayContaining([expect.stringMatching(/segment 2 \(unlabelled\): needs a label/), expect.stringMatching(/Choose the episode's outcome/)]),
    );
    expect(reasons(unlabelled.body).some((r) => /at least one subtask/.test(r))).toBe(false);

    v = await saved(ana, annId, v, snap([seg("a", 0, 99, "reach"), seg("b", 100, 199, "grasp")], { outcome: "FAILURE", failureReason: null }));
    const noReason = await read(api.act(ana, annId, "submit"));
    expect(noReason.status).toBe(400);
    expect(reasons(noReason.body)).toEqual([expect.stringMatching(/Choose a failure reason/)]);
    expect(await episodeStatus(e1!)).toBe("IN_PROGRESS");

    v = await saved(ana, annId, v, snap([seg("a", 0, 99, "reach"), seg("b", 100, 199, "grasp")], { outcome: "FAILURE", failureReason: "Grasp failed" }));
    const submitted = await read(api.act(ana, annId, "submit"));
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ id: annId, status: "SUBMITTED" });
    expect((await read(api.get(ana, annId))).body.status).toBe("SUBMITTED");
    expect((await read(api.episode(ana, e1!))).body.status).toBe("SUBMITTED");

    // The annotator cannot review their own work.
    expect((await read(api.act(ana, annId, "approve"))).status).toBe(403);
    expect((await read(api.act(ana, annId, "start_review"))).status).toBe(403);

    expect((await read(api.act(lead, annId, "start_review"))).body.status).toBe("IN_REVIEW");
    expect(await episodeStatus(e1!)).toBe("IN_REVIEW");

    // Sending work back needs a comment saying what to fix (whitespace is not a comment).
    const noComment = await read(api.act(lead, annId, "request_changes"));
    expect(noComment.status).toBe(400);
    expect(noComment.body.invalid_params).toEqual([{ name: "comment", reason: expect.stringMatching(/comment is required/) }]);
    expect((await read(api.act(lead, annId, "request_changes", "   "))).status).toBe(400);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annId } })).status).toBe("IN_REVIEW");

    const back = await read(api.act(lead, annId, "request_changes", "Grasp starts at frame 90, not 100."));
    expect(back.body.status).toBe("CHANGES_REQUESTED");
    expect(await episodeStatus(e1!)).toBe("CHANGES_REQUESTED");
    const comments = (await read(api.comments(ana, annId))).body.comments;
    expect(comments).toEqual([expect.objectContaining({ body: "Grasp starts at frame 90, not 100.", author: { id: lead.id, name: lead.name }, annotationVersion: v })]);

    // Sent-back work is the annotator's "next episode", editable again, and can be resubmitted.
    expect((await read(api.next(ana))).body.claimed).toEqual({ episodeId: e1, annotationId: annId, resumed: true });
    v = await saved(ana, annId, v, snap([seg("a", 0, 89, "reach"), seg("b", 90, 199, "grasp")], { outcome: "FAILURE", failureReason: "Grasp failed" }));
    expect((await read(api.act(ana, annId, "submit"))).body.status).toBe("SUBMITTED");

    const approved = await read(api.act(lead, annId, "approve"));
    expect(approved.body.status).toBe("APPROVED");
    // The history names each workflow step and the version it applied to (refused attempts leave none).
    const hist = (await read(api.versions(lead, annId))).body;
    expect(hist.events.map((e: { action: string; actor: { id: number }; version: number }) => [e.action, e.actor.id, e.version])).toEqual([
      ["submit", ana.id, v - 1],
      ["start_review", lead.id, v - 1],
      ["request_changes", lead.id, v - 1],
      ["submit", ana.id, v],
      ["approve", lead.id, v],
    ]);
    expect((await read(api.episode(lead, e1!))).body.status).toBe("APPROVED");

    // Approved work is locked, for leads too.
    const leadSave = await read(api.save(lead, annId, v, snap([seg("a", 0, 9, "reach")])));
    expect(leadSave.status).toBe(403);
    expect(leadSave.body.detail).toMatch(/approved and locked/);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annId } })).version).toBe(v);
    // Researchers read but neither edit nor review.
    expect((await read(api.act(u.RESEARCHER, annId, "request_changes", "no"))).status).toBe(403);

    // A reviewer who finds a problem later can reopen approved work.
    expect((await read(api.act(lead, annId, "request_changes", "Lift is missing."))).body.status).toBe("CHANGES_REQUESTED");
    expect(await episodeStatus(e1!)).toBe("CHANGES_REQUESTED");
    expect(await saved(ana, annId, v, snap([seg("a", 0, 89, "reach"), seg("b", 90, 199, "grasp"), seg("c", 200, 299, "lift")]))).toBe(v + 1);

    // Every transition is in the audit log, in order.
    const audit = await db.auditLog.findMany({ where: { entityType: "annotation", entityId: String(annId) }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "annotation.submit",
      "annotation.start_review",
      "annotation.request_changes",
      "annotation.submit",
      "annotation.approve",
      "annotation.request_changes",
    ]);
  });

  it("refuses a transition from the wrong state with a 409 problem, changing nothing", async () => {
    const [e1] = await w.episodes(1);
    const annId = await claimed(u.ANNOTATOR, e1!);
    await saved(u.ANNOTATOR, annId, 1, snap([seg("a", 0, 99, "reach")]));
    // A lead cannot approve work that has not been submitted. (A thrown error instead of a
    // Response here means the route crashed, which a client sees as a 500.)
    const early = await read(api.act(u.LEAD, annId, "approve"));
    expect(early.status).toBe(409);
    expect(early.type).toContain("application/problem+json");
    expect(early.body.detail).toMatch(/Cannot approve: the annotation is in progress/);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annId } })).status).toBe("IN_PROGRESS");
    expect(await episodeStatus(e1!)).toBe("IN_PROGRESS");
  });

  describe("double annotation and agreement", () => {
    // A = [0,9] reach, [10,29] grasp; B = [0,11] reach, [12,29] grasp on a 30-frame episode.
    // Boundaries (start and end + 1): A {0,10,30}, B {0,12,30}.
    // Nearest distances A→B: 0, 2, 0; B→A: 0, 2, 0 → mean 4/6 = 0.6667; with k = 1, 4 of 6 are ≤ 1.
    // IoU reach: inter 10 (0..9), union 12 → 10/12; grasp: inter 18 (12..29), union 20 → 18/20.
    // Each of the four segments finds its partner with the same IoU → (10/12 + 18/20) / 2 = 0.8667.
    const A = [seg("a1", 0, 9, "reach"), seg("a2", 10, 29, "grasp")];
    const B = [seg("b1", 0, 11, "Reach"), seg("b2", 12, 29, "grasp")]; // "Reach" = "reach" after normalising
    const expected = { meanBoundaryOffset: 4 / 6, withinK: 4 / 6, segmentIoU: (10 / 12 + 18 / 20) / 2 };
    const close = (x: any) => {
      expect(x.meanBoundaryOffset).toBeCloseTo(expected.meanBoundaryOffset, 4);
      expect(x.withinK).toBeCloseTo(expected.withinK, 4);
      expect(x.segmentIoU).toBeCloseTo(expected.segmentIoU, 4);
    };

    it("assigns an episode to two annotators, keeps their work apart, and scores their agreement", async () => {
      const [e1] = await w.episodes(1, 30);
      const ana = u.ANNOTATOR;
      const bo = await annotator("Bo Annotator");

      const assigned = await read(api.assign(u.LEAD, e1!, [ana.id, bo.id]));
      expect(assigned.status).toBe(200);
      expect(assigned.body.added).toEqual([ana.id, bo.id]);
      expect(assigned.body.annotations.map((a: any) => [a.annotator.id, a.status])).toEqual([
        [ana.id, "IN_PROGRESS"],
        [bo.id, "IN_PROGRESS"],
      ]);
      const annA = assigned.body.annotations[0].id as number;
      const annB = assigned.body.annotations[1].id as number;
      expect(await episodeStatus(e1!)).toBe("IN_PROGRESS");
      // Assigning again adds nobody.
      expect((await read(api.assign(u.LEAD, e1!, [ana.id, bo.id]))).body.added).toEqual([]);
      expect(await db.annotation.count({ where: { episodeId: e1 } })).toBe(2);
      // Only leads assign, and only people who exist and are enabled.
      expect((await read(api.assign(ana, e1!, [ana.id]))).status).toBe(403);
      const ghost = await read(api.assign(u.LEAD, e1!, [ana.id, 999_999]));
      expect(ghost.status).toBe(400);
      expect(ghost.body.invalid_params).toEqual([{ name: "annotatorIds", reason: expect.stringMatching(/User 999999 does not exist/) }]);
      expect((await read(api.assign(u.LEAD, 999_999, [ana.id]))).status).toBe(404);

      // Each annotator finds their assignment as their next episode.
      expect((await read(api.next(bo))).body.claimed).toEqual({ episodeId: e1, annotationId: annB, resumed: true });

      await saved(ana, annA, 1, snap(A));
      await saved(bo, annB, 1, snap(B));
      expect((await read(api.act(ana, annA, "submit"))).body.status).toBe("SUBMITTED");
      // One submitted, one still in progress: the episode is as far as the least advanced.
      expect((await read(api.episode(u.RESEARCHER, e1!))).body.status).toBe("IN_PROGRESS");

      // They cannot see each other's work.
      expect((await read(api.get(ana, annB))).status).toBe(404);
      expect((await read(api.get(bo, annA))).status).toBe(404);
      expect((await read(api.versions(ana, annB))).status).toBe(404);
      const anaView = (await read(api.episode(ana, e1!))).body;
      expect(anaView.annotations.map((a: any) => a.id)).toEqual([annA]);
      expect(anaView.annotatorCount).toBe(2);
      const researcherView = (await read(api.episode(u.RESEARCHER, e1!))).body;
      expect(researcherView.annotations.map((a: any) => a.id)).toEqual([annA, annB]);
      expect((await read(api.get(u.RESEARCHER, annB))).body.snapshot.segments).toEqual(B);

      // Work still in progress is not compared yet.
      expect((await read(api.episodeAgreement(u.RESEARCHER, e1!, 1))).body.pairs).toEqual([]);
      expect((await read(api.act(bo, annB, "submit"))).body.status).toBe("SUBMITTED");

      const ep = await read(api.episodeAgreement(u.RESEARCHER, e1!, 1));
      expect(ep.status).toBe(200);
      expect(ep.body.k).toBe(1);
      expect(ep.body.pairs.length).toBe(1);
      const pair = ep.body.pairs[0];
      expect([pair.a.annotator.id, pair.b.annotator.id]).toEqual([ana.id, bo.id]);
      expect([pair.a.annotationId, pair.b.annotationId]).toEqual([annA, annB]);
      close(pair.result);
      expect(pair.result.boundaryCount).toBe(6);
      // Default k = 5: all six distances (0, 2, 0, 0, 2, 0) are within 5 frames.
      expect((await read(api.episodeAgreement(u.RESEARCHER, e1!))).body.pairs[0].result.withinK).toBe(1);
      // Annotators do not get agreement figures.
      expect((await read(api.episodeAgreement(ana, e1!, 1))).status).toBe(403);

      const report = await read(api.agreement(u.RESEARCHER, 1));
      expect(report.status).toBe(200);
      expect(report.body.overall.pairs).toBe(1);
      close(report.body.overall);
      // Sorted by name: "Ana Annotator" before "Bo Annotator"; one pair counts for both.
      expect(report.body.byAnnotator.map((x: any) => [x.annotator.id, x.annotator.name, x.pairs])).toEqual([
        [ana.id, ana.name, 1],
        [bo.id, bo.name, 1],
      ]);
      for (const x of report.body.byAnnotator) close(x);
      expect(report.body.byTask.map((x: any) => [x.task.id, x.task.instruction, x.pairs])).toEqual([[w.task.id, "Wipe the table", 1]]);
      close(report.body.byTask[0]);

      // Both are submitted now, and so is the episode.
      expect(await episodeStatus(e1!)).toBe("SUBMITTED");
    });

    it("leaves single-annotator episodes and imported pre-fills out of the agreement report", async () => {
      const [e1, e2] = await w.episodes(2, 30);
      const bo = await annotator("Bo Annotator");
      // e1: an import plus one annotator. Nothing to compare (imports are not annotators).
      await db.annotation.create({ data: { episodeId: e1!, origin: "MANIFEST", segments: { create: B } } });
      const solo = await claimed(u.ANNOTATOR, e1!);
      await saved(u.ANNOTATOR, solo, 1, snap(A));
      // e2: the real pair.
      const { annotations } = (await read(api.assign(u.LEAD, e2!, [u.ANNOTATOR.id, bo.id]))).body;
      await saved(u.ANNOTATOR, annotations[0].id, 1, snap(A));
      await saved(bo, annotations[1].id, 1, snap(B));
      await read(api.act(u.ANNOTATOR, annotations[0].id, "submit"));
      await read(api.act(bo, annotations[1].id, "submit"));

      expect((await read(api.episodeAgreement(u.RESEARCHER, e1!, 1))).body.pairs).toEqual([]);
      const report = (await read(api.agreement(u.RESEARCHER, 1))).body;
      expect(report.overall.pairs).toBe(1);
      expect(report.pairs.map((p: any) => p.episodeId)).toEqual([e2]);
      close(report.overall);
    });
  });

  it("pins comments to a frame or a segment, lets the annotator resolve them, and hides them from others", async () => {
    const [e1] = await w.episodes(1);
    const ana = u.ANNOTATOR;
    const bo = await annotator("Bo Annotator");
    const annId = await claimed(ana, e1!);
    const v = await saved(ana, annId, 1, snap([seg("seg-reach", 0, 99, "reach"), seg("seg-grasp", 100, 199, "grasp")]));

    const atFrame = await read(api.comment(u.LEAD, annId, { body: "The gripper closes here.", frame: 42 }));
    expect(atFrame.status).toBe(201);
    expect(atFrame.body.comment).toMatchObject({ frame: 42, segmentKey: null, resolved: false, annotationVersion: v, author: { id: u.LEAD.id, name: u.LEAD.name } });
    const onSegment = await read(api.comment(u.LEAD, annId, { body: "  Reach ends too late.  ", segmentKey: "seg-reach" }));
    expect(onSegment.status).toBe(201);
    expect(onSegment.body.comment.body).toBe("Reach ends too late."); // trimmed
    expect((await read(api.comment(u.LEAD, annId, { body: "   " }))).status).toBe(400);

    const list = (await read(api.comments(ana, annId))).body.comments;
    expect(list.length).toBe(2);
    const byBody = (b: string) => list.find((c: any) => c.body === b);
    expect(byBody("The gripper closes here.")).toMatchObject({ frame: 42, segmentKey: null, author: { name: u.LEAD.name } });
    expect(byBody("Reach ends too late.")).toMatchObject({ frame: null, segmentKey: "seg-reach", author: { name: u.LEAD.name } });

    // The annotator who owns the annotation resolves the lead's comment.
    const commentId = onSegment.body.comment.id as number;
    const resolved = await read(api.resolve(ana, commentId, true));
    expect(resolved.status).toBe(200);
    expect(resolved.body.comment).toMatchObject({ id: commentId, resolved: true, resolvedBy: { id: ana.id, name: ana.name } });
    expect(resolved.body.comment.resolvedAt).toBeTruthy();
    const row = await db.reviewComment.findUniqueOrThrow({ where: { id: commentId } });
    expect(row.resolvedById).toBe(ana.id);
    // And can reopen it.
    const reopened = await read(api.resolve(ana, commentId, false));
    expect(reopened.body.comment).toMatchObject({ resolved: false, resolvedBy: null, resolvedAt: null });

    // Another annotator cannot read, add to, or resolve them: to them the annotation does not exist.
    expect((await read(api.comments(bo, annId))).status).toBe(404);
    expect((await read(api.comment(bo, annId, { body: "hello", frame: 1 }))).status).toBe(404);
    expect((await read(api.resolve(bo, commentId, true))).status).toBe(404);
    expect((await db.reviewComment.findUniqueOrThrow({ where: { id: commentId } })).resolved).toBe(false);
    expect(await db.reviewComment.count()).toBe(2);
  });

  describe("settings and tasks", () => {
    it("serves the default taxonomy, lets a lead replace it, and checks saves against the new one", async () => {
      const defaults = (await read(api.settings(u.ANNOTATOR))).body;
      expect(defaults.failureReasons).toEqual([
        "Grasp failed",
        "Object dropped",
        "Wrong object",
        "Collision",
        "Did not finish in time",
        "Gave up / stopped early",
        "Other",
      ]);
      expect(defaults.qualityFlags).toEqual(["Bad video", "Wrong task", "Camera occluded", "Dropped frames", "Ambiguous instruction"]);

      const custom = { failureReasons: ["Slipped", "Timeout"], qualityFlags: ["Blurry"] };
      expect((await read(api.putSettings(u.ANNOTATOR, custom))).status).toBe(403);
      const put = await read(api.putSettings(u.LEAD, custom));
      expect(put.status).toBe(200);
      // Four-eyes review was not sent: it keeps its default (on).
      expect((await read(api.settings(u.ANNOTATOR))).body).toEqual({ ...custom, fourEyes: true });
      expect(await db.auditLog.count({ where: { action: "settings.annotation.update", actorId: u.LEAD.id } })).toBe(1);

      const [e1] = await w.episodes(1);
      const annId = await claimed(u.ANNOTATOR, e1!);
      const segs = [seg("a", 0, 9, "reach")];
      const ok = await read(api.save(u.ANNOTATOR, annId, 1, snap(segs, { outcome: "FAILURE", failureReason: "Slipped", qualityFlags: ["Blurry"] })));
      expect(ok.status).toBe(200);
      const old = await read(api.save(u.ANNOTATOR, annId, 2, snap(segs, { outcome: "FAILURE", failureReason: "Grasp failed" })));
      expect(old.status).toBe(400);
      expect(old.body.invalid_params).toEqual([{ name: "snapshot.failureReason", reason: expect.stringMatching(/"Grasp failed"/) }]);
      const oldFlag = await read(api.save(u.ANNOTATOR, annId, 2, snap(segs, { qualityFlags: ["Bad video"] })));
      expect(oldFlag.status).toBe(400);

      // Duplicates (ignoring case and surrounding spaces) and empty lists are refused.
      for (const failureReasons of [["Slipped", "Slipped"], ["Slipped", "slipped"], ["Slipped", " Slipped "]]) {
        const dup = await read(api.putSettings(u.LEAD, { failureReasons, qualityFlags: ["Blurry"] }));
        expect(dup.status, JSON.stringify(failureReasons)).toBe(400);
        expect(reasons(dup.body)).toContainEqual(expect.stringMatching(/listed once/));
      }
      expect((await read(api.putSettings(u.LEAD, { failureReasons: [], qualityFlags: ["Blurry"] }))).status).toBe(400);
      expect((await read(api.settings(u.LEAD))).body).toEqual({ ...custom, fourEyes: true });
    });

    it("lets a lead set a task's weighting and canonical subtasks, not an annotator", async () => {
      const tasks = (await read(api.tasks(u.ANNOTATOR))).body.tasks;
      expect(tasks).toEqual([expect.objectContaining({ id: w.task.id, instruction: "Wipe the table", progressWeighting: "EQUAL", canonicalSubtasks: [], episodes: 0 })]);

      const change = { progressWeighting: "DURATION", canonicalSubtasks: ["Reach", "Grasp cup", "Lift"] };
      expect((await read(api.patchTask(u.ANNOTATOR, w.task.id, change))).status).toBe(403);
      const patched = await read(api.patchTask(u.LEAD, w.task.id, change));
      expect(patched.status).toBe(200);
      expect(patched.body.task).toMatchObject({ id: w.task.id, ...change });
      expect(await db.task.findUniqueOrThrow({ where: { id: w.task.id } })).toMatchObject(change);
      expect((await read(api.patchTask(u.LEAD, w.task.id, {}))).status).toBe(400);
      expect((await read(api.patchTask(u.LEAD, 999_999, change))).status).toBe(404);
      expect((await read(api.labels(u.ANNOTATOR, w.task.id))).body).toMatchObject({ progressWeighting: "DURATION", canonical: change.canonicalSubtasks });
    });

    it("suggests canonical labels first, then labels used on the task's episodes with counts, and median durations", async () => {
      await read(api.patchTask(u.LEAD, w.task.id, { canonicalSubtasks: ["Reach", "Grasp cup"] }));
      const [e1, e2, e3] = await w.episodes(3, 100);
      const bo = await annotator("Bo Annotator");
      const otherTask = await db.task.create({ data: { environmentId: w.environment.id, key: "other", instruction: "Something else" } });
      const [e4] = await w.episodes(1, 100, otherTask.id);

      const a1 = await claimed(u.ANNOTATOR, e1!);
      await saved(u.ANNOTATOR, a1, 1, snap([seg("1", 0, 9, "reach"), seg("2", 10, 29, "Grasp cup"), seg("3", 30, 44, "lift")]));
      const a2 = await claimed(bo, e2!);
      await saved(bo, a2, 1, snap([seg("1", 0, 11, "Reach"), seg("2", 12, 19, "grasp  cup"), seg("3", 20, 40, "lift"), seg("4", 41, 49, "wipe"), seg("5", 50, 59, "")]));
      // An imported annotation of the same task counts as well.
      await db.annotation.create({
        data: { episodeId: e3!, origin: "MANIFEST", segments: { create: [seg("1", 0, 13, "REACH"), seg("2", 14, 20, "lift")] } },
      });
      // Another task's labels are not suggested here.
      await db.annotation.create({ data: { episodeId: e4!, origin: "MANIFEST", segments: { create: [seg("1", 0, 99, "reach"), seg("2", 0, 5, "lift")] } } });

      const r = await read(api.labels(u.RESEARCHER, w.task.id));
      expect(r.status).toBe(200);
      expect(r.body.taskId).toBe(w.task.id);
      expect(r.body.canonical).toEqual(["Reach", "Grasp cup"]);
      // Canonical ones are not repeated; "lift" is used 3 times (e1, e2, e3), "wipe" once; the empty label is ignored.
      expect(r.body.used).toEqual([
        { label: "lift", uses: 3 },
        { label: "wipe", uses: 1 },
      ]);
      // Lengths are inclusive (end - start + 1), grouped by normalised label:
      //   reach: 10 (0..9), 12 (0..11), 14 (0..13)  → median 12
      //   grasp cup: 20 (10..29), 8 (12..19)          → median (8 + 20) / 2 = 14
      //   lift: 15 (30..44), 21 (20..40), 7 (14..20)  → median 15
      //   wipe: 9 (41..49)                            → 9
      expect(r.body.typicalDurations).toEqual({ reach: 12, "grasp cup": 14, lift: 15, wipe: 9 });

      // An annotator learns nothing of other annotators' labels or lengths (blind double
      // annotation): only their own annotations and the imported ones count.
      //   reach: 10 (own), 14 (imported) → 12;  grasp cup: 20 (own);  lift: 15 (own), 7 (imported) → 11
      const mine = await read(api.labels(u.ANNOTATOR, w.task.id));
      expect(mine.body.used).toEqual([{ label: "lift", uses: 2 }]);
      expect(mine.body.typicalDurations).toEqual({ reach: 12, "grasp cup": 20, lift: 11 });
      expect((await read(api.labels(bo, w.task.id))).body.used).toEqual([
        { label: "lift", uses: 2 },
        { label: "wipe", uses: 1 },
      ]);
      expect((await read(api.labels(u.ANNOTATOR, 999_999))).status).toBe(404);
    });
  });
});
