// Label vocabularies through the HTTP routes, against PostgreSQL: a lead closes a task's
// vocabulary (only with labels listed), an annotator's off-vocabulary label saves as a draft but
// cannot be submitted while it is closed, and the release preview lists such labels.
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Role } from "@/lib/auth/roles";
import { PATCH as patchTaskRoute } from "@/app/api/tasks/[id]/route";
import { GET as taskLabelsRoute } from "@/app/api/tasks/[id]/labels/route";
import { POST as previewRoute } from "@/app/api/releases/preview/route";
import { call, resetDb } from "./helpers";
import { claimEpisode, expectStatus, idParam as id, people, read, saveAnnotation, seg, snap, transition, world, type Person } from "./workspace-fixtures";

const patchTask = (p: Person, taskId: number, body: unknown) => read(call(patchTaskRoute as never, { method: "PATCH", url: `/api/tasks/${taskId}`, params: id(taskId), body, cookie: p.cookie }));
const act = transition;

describe("label vocabularies", () => {
  let u: Record<Role, Person>;
  let w: Awaited<ReturnType<typeof world>>;
  beforeEach(async () => {
    await resetDb();
    u = await people();
    w = await world();
  });

  it("flags, blocks when closed, and shows off-vocabulary labels in the release preview", async () => {
    // No labels listed: the vocabulary cannot be closed.
    const empty = await patchTask(u.LEAD, w.task.id, { vocabularyClosed: true });
    expectStatus(empty, 400);
    expect(empty.body.invalid_params[0].name).toBe("vocabularyClosed");
    expectStatus(await patchTask(u.ANNOTATOR, w.task.id, { vocabularyClosed: true }), 403);
    const closed = await patchTask(u.LEAD, w.task.id, { canonicalSubtasks: ["grasp_cloth", "wipe", "return_cloth"], vocabularyClosed: true });
    expectStatus(closed, 200);
    expect(closed.body.task).toMatchObject({ vocabularyClosed: true });
    const labels = await read(call(taskLabelsRoute as never, { url: `/api/tasks/${w.task.id}/labels`, params: id(w.task.id), cookie: u.ANNOTATOR.cookie }));
    expect(labels.body).toMatchObject({ canonical: ["grasp_cloth", "wipe", "return_cloth"], vocabularyClosed: true });

    const [e1] = await w.episodes(1);
    const c = await claimEpisode(u.ANNOTATOR, e1!);
    const annId = c.body.claimed.annotationId as number;
    const save = (v: number, labels: string[]) =>
      saveAnnotation(u.ANNOTATOR, annId, snap(labels.map((l, i) => seg(`k${i}`, i * 100, i * 100 + 99, l))), v);
    // A draft may hold any label; submitting it may not.
    expectStatus(await save(1, ["grasp_cloth", "reach", "Return_Cloth"]), 200);
    const refused = await act(u.ANNOTATOR, annId, "submit");
    expectStatus(refused, 400);
    expect(refused.body.invalid_params.map((p: { reason: string }) => p.reason)).toEqual(["Label “reach” is not in the task's closed vocabulary (grasp_cloth, wipe, return_cloth)."]);
    expect((await db.annotation.findUniqueOrThrow({ where: { id: annId } })).status).toBe("IN_PROGRESS");

    // Opened again, it goes through; the lead approves; the preview names the stray label.
    expectStatus(await patchTask(u.LEAD, w.task.id, { vocabularyClosed: false }), 200);
    expectStatus(await act(u.ANNOTATOR, annId, "submit"), 200);
    expectStatus(await act(u.LEAD, annId, "approve"), 200);
    const preview = await read(call(previewRoute as never, { method: "POST", url: "/api/releases/preview", body: {}, cookie: u.RESEARCHER.cookie }));
    expectStatus(preview, 200);
    expect(preview.body.episodes).toBe(1);
    expect(preview.body.offVocabulary).toEqual([{ taskId: w.task.id, instruction: "Wipe the table", label: "reach", segments: 1, episodes: 1 }]);
  });
});
