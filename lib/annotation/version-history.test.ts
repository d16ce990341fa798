import { describe, expect, it } from "vitest";
import { buildHistory, summarise, type HistoryEvent, type HistoryVersion } from "./version-history";
import { diffSnapshots } from "./diff";
import type { AnnotationSnapshot, SegmentDraft } from "./types";

const seg = (key: string, startFrame: number, endFrame: number, label: string): SegmentDraft => ({ key, startFrame, endFrame, label });
const snap = (segments: SegmentDraft[], outcome: AnnotationSnapshot["outcome"] = "UNKNOWN"): AnnotationSnapshot => ({ segments, outcome, failureReason: null, note: "", qualityFlags: [] });
const ana = { id: 1, name: "Ana" };
const lea = { id: 2, name: "Lea" };
const t0 = Date.parse("2026-12-07T09:00:00Z");
const at = (sec: number) => new Date(t0 + sec * 1000).toISOString();

describe("an annotation's history", () => {
  // The import, then three minutes of Ana's autosaves (17 of them), a submission, changes
  // requested, one more edit a quarter of an hour later, a restore, and the approval.
  const imported = snap([seg("a", 0, 50, "grasp"), seg("b", 51, 99, "wipe")]);
  const moved = snap([seg("a", 0, 54, "grasp"), seg("b", 55, 99, "wipe")]);
  const full = snap([seg("a", 0, 54, "grasp"), seg("b", 55, 99, "wipe"), seg("c", 100, 149, "return"), seg("d", 150, 199, "rest")], "SUCCESS");
  const relabelled = snap([seg("a", 0, 54, "grasp"), seg("b", 55, 99, "wipe"), seg("c", 100, 149, "return"), seg("d", 150, 199, "return_home")], "SUCCESS");
  const versions: HistoryVersion[] = [{ version: 1, createdAt: at(0), author: null, snapshot: imported }];
  for (let v = 2; v <= 18; v++) versions.push({ version: v, createdAt: at(60 + (v - 2) * 11), author: ana, snapshot: v < 10 ? moved : full });
  versions.push({ version: 19, createdAt: at(1500), author: ana, snapshot: relabelled });
  versions.push({ version: 20, createdAt: at(1600), author: lea, snapshot: full });
  const events: HistoryEvent[] = [
    { action: "submit", at: at(300), actor: ana, version: 18 },
    { action: "request_changes", at: at(900), actor: lea, version: 18 },
    { action: "restore", at: at(1600), actor: lea, version: 20, restoredFrom: 18 },
    { action: "approve", at: at(1700), actor: lea, version: 20 },
  ];
  const h = buildHistory([...versions].reverse(), events);

  it("folds three minutes of autosaves into one editing session", () => {
    expect(h.map((e) => [e.kind, e.who?.name ?? null, e.saves])).toEqual([
      ["approve", "Lea", 0],
      ["restore", "Lea", 1],
      ["session", "Ana", 1],
      ["request_changes", "Lea", 0],
      ["submit", "Ana", 0],
      ["session", "Ana", 17],
      ["import", null, 1],
    ]);
    const session = h[5]!;
    expect([session.firstVersion, session.version, session.from, session.to]).toEqual([2, 18, at(60), at(236)]);
  });

  it("says in one line what each step changed", () => {
    expect(h.map((e) => e.summary)).toEqual([
      // Approved exactly what was submitted (the restore undid the later relabel).
      "as submitted",
      "“return_home”→“rest”",
      "“rest”→“return_home”",
      "as submitted",
      "+2 segments; boundary 51→55; outcome Success",
      "+2 segments; boundary 51→55; outcome Success",
      "2 segments",
    ]);
    expect(h[1]!.title).toBe("Restored version 18");
  });

  it("starts a new session after a pause longer than the gap, or by someone else", () => {
    const vs: HistoryVersion[] = [
      { version: 1, createdAt: at(0), author: ana, snapshot: imported },
      { version: 2, createdAt: at(10), author: ana, snapshot: moved },
      { version: 3, createdAt: at(10 + 11 * 60), author: ana, snapshot: moved },
      { version: 4, createdAt: at(10 + 11 * 60 + 5), author: lea, snapshot: full },
    ];
    expect(buildHistory(vs, []).map((e) => [e.kind, e.firstVersion, e.version])).toEqual([
      ["session", 4, 4],
      ["session", 3, 3],
      ["session", 2, 2],
      ["start", 1, 1],
    ]);
  });

  it("names boundaries, labels, flags and notes, and says when nothing changed", () => {
    const a = snap([seg("a", 0, 50, "grasp"), seg("b", 51, 99, "wipe")]);
    const b = { ...snap([seg("a", 0, 40, "grasp"), seg("b", 41, 99, "wipe_table")], "FAILURE"), failureReason: "Grasp failed", qualityFlags: ["bad-video"], note: "x" };
    expect(summarise(diffSnapshots(a, b))).toBe("boundary 51→41; “wipe”→“wipe_table”; outcome Failure; reason “Grasp failed”; +bad-video; note edited");
    expect(summarise(diffSnapshots(a, a))).toBe("no changes");
    // An end moved alone (a gap opens after it) is named as an end.
    expect(summarise(diffSnapshots(a, snap([seg("a", 0, 45, "grasp"), seg("b", 51, 99, "wipe")])))).toBe("end 50→45");
  });
});
