// Outcome and failure-reason agreement (Cohen's κ with counts) and the side-by-side timelines,
// through the HTTP routes against PostgreSQL. Expected figures are worked out by hand below.
import { beforeEach, describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/roles";
import type { AnnotationSnapshot } from "@/lib/annotation/types";
import { POST as assignRoute } from "@/app/api/episodes/[id]/assignments/route";
import { GET as agreementRoute } from "@/app/api/agreement/route";
import { GET as episodeAgreementRoute } from "@/app/api/episodes/[id]/agreement/route";
import { db } from "@/lib/db";
import { call, resetDb } from "./helpers";
import { annotator, expectStatus, idParam as id, people, read, saveAnnotation, seg, snap, transition, world, type Person } from "./workspace-fixtures";


async function annotate(p: Person, annId: number, s: AnnotationSnapshot) {
  expectStatus(await saveAnnotation(p, annId, s), 200);
  expectStatus(await transition(p, annId, "submit"), 200);
}

describe("outcome and failure-reason agreement", () => {
  let u: Record<Role, Person>;
  let w: Awaited<ReturnType<typeof world>>;
  beforeEach(async () => {
    await resetDb();
    u = await people();
    w = await world();
  });

  it("scores outcomes over every pair and failure reasons where both said failure, and shows both timelines", async () => {
    const ana = await annotator("Ana Two");
    const bo = await annotator("Bo");
    const eps = await w.episodes(4);
    const outcome = (o: "SUCCESS" | "FAILURE", reason: string | null = null) => ({ outcome: o, failureReason: reason });
    // (first, second): (S,S), (F grasp, F grasp), (F grasp, F dropped), (S, F other).
    const plan = [
      [outcome("SUCCESS"), outcome("SUCCESS")],
      [outcome("FAILURE", "Grasp failed"), outcome("FAILURE", "Grasp failed")],
      [outcome("FAILURE", "Grasp failed"), outcome("FAILURE", "Object dropped")],
      [outcome("SUCCESS"), outcome("FAILURE", "Other")],
    ] as const;
    for (const [i, e] of eps.entries()) {
      const r = await read(call(assignRoute as never, { method: "POST", url: `/api/episodes/${e}/assignments`, params: id(e), body: { annotatorIds: [ana.id, bo.id] }, cookie: u.LEAD.cookie }));
      expectStatus(r, 200);
      const [a, b] = r.body.annotations as Array<{ id: number; annotator: { id: number } }>;
      await annotate(ana, a!.id, snap([seg("x", 0, 149, "reach"), seg("y", 150, 299, "grasp")], plan[i]![0]));
      await annotate(bo, b!.id, snap([seg("x", 0, 139, "reach"), seg("y", 140, 299, "grasp")], plan[i]![1]));
    }

    const report = await read(call(agreementRoute as never, { url: "/api/agreement", cookie: u.RESEARCHER.cookie }));
    expectStatus(report, 200);
    // Outcome: confusion (rows first, columns second) F:[2,0] S:[1,1]; rows 2,2, columns 3,1, N 4.
    // Expected off-diagonal 2·1/4 + 2·3/4 = 2, observed 1: κ = 1 − 1/2 = 0.5.
    expect(report.body.outcomeKappa).toEqual({ n: 4, agree: 3, kappa: 0.5, categories: ["FAILURE", "SUCCESS"], confusion: [[2, 0], [1, 1]] });
    // Failure reason, two pairs: Grasp×Grasp and Grasp×Dropped. Rows D 0, G 2; columns D 1, G 1;
    // expected off-diagonal 0·1/2 + 2·1/2 = 1, observed 1: κ = 0.
    expect(report.body.failureReasonKappa).toEqual({ n: 2, agree: 1, kappa: 0, categories: ["Grasp failed", "Object dropped"], confusion: [[1, 1], [0, 0]] });

    const one = await read(call(episodeAgreementRoute as never, { url: `/api/episodes/${eps[2]}/agreement`, params: id(eps[2]!), cookie: u.RESEARCHER.cookie }));
    expectStatus(one, 200);
    expect(one.body.lengthFrames).toBe(300);
    expect(one.body.annotations.map((a: { annotator: { name: string }; outcome: string; failureReason: string; segments: unknown[] }) => [a.annotator.name, a.outcome, a.failureReason, a.segments])).toEqual([
      ["Ana Two", "FAILURE", "Grasp failed", [{ startFrame: 0, endFrame: 149, label: "reach" }, { startFrame: 150, endFrame: 299, label: "grasp" }]],
      ["Bo", "FAILURE", "Object dropped", [{ startFrame: 0, endFrame: 139, label: "reach" }, { startFrame: 140, endFrame: 299, label: "grasp" }]],
    ]);
    expect(await db.annotation.count()).toBe(8);
  });
});
