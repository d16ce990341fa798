import { describe, expect, it } from "vitest";
import { exportProgress, formatDuration, formatEta, formatStall, secondsPerUnit, type UnitTiming } from "./progress";

const t = (s: number) => new Date(Date.UTC(2026, 0, 1) + s * 1000);
const unit = (kind: UnitTiming["kind"], start: number, end: number): UnitTiming => ({ kind, startedAt: t(start), finishedAt: t(end) });
const base = { status: "RUNNING", phase: "MEDIA", total: 10, done: 0, remaining: { MEDIA: 8, SHARD: 2 }, recent: [] as UnitTiming[], now: t(20) };

describe("export progress", () => {
  it("counts finished units and the finishing step", () => {
    expect(exportProgress({ ...base, status: "QUEUED", phase: "PLAN", total: 0 }).fraction).toBe(0);
    expect(exportProgress({ ...base, done: 5 }).fraction).toBeCloseTo(5 / 11);
    // Every unit finished but the manifest not yet written: not complete.
    expect(exportProgress({ ...base, phase: "FINALIZE", done: 10, remaining: { MEDIA: 0, SHARD: 0 } }).fraction).toBeLessThan(1);
    expect(exportProgress({ ...base, status: "SUCCEEDED", phase: "DONE", done: 10, remaining: { MEDIA: 0, SHARD: 0 } })).toEqual({ fraction: 1, etaSeconds: 0, stalledSeconds: null, etaMediaOnly: false });
  });

  it("measures the rate as wall-clock time, so two workers sharing the work halve the estimate", () => {
    // One worker: units of 10 s one after the other.
    const one = [unit("MEDIA", 0, 10), unit("MEDIA", 10, 20)];
    expect(secondsPerUnit(one, "MEDIA")).toBe(10);
    // Two workers: the same units side by side.
    const two = [unit("MEDIA", 0, 10), unit("MEDIA", 0, 10), unit("MEDIA", 10, 20), unit("MEDIA", 10, 20)];
    expect(secondsPerUnit(two, "MEDIA")).toBe(5);
  });

  it("estimates media and shard units at their own rates, and says when shards are not counted yet", () => {
    const recent = [unit("MEDIA", 0, 10), unit("MEDIA", 10, 20), unit("SHARD", 20, 21)];
    // 3 media units at 10 s and 2 shards at 1 s, right as the last unit finished.
    expect(exportProgress({ ...base, done: 3, remaining: { MEDIA: 3, SHARD: 2 }, recent, now: t(21) })).toMatchObject({ etaSeconds: 32, etaMediaOnly: false });
    // Four seconds later the estimate has counted down.
    expect(exportProgress({ ...base, done: 3, remaining: { MEDIA: 3, SHARD: 2 }, recent, now: t(25) }).etaSeconds).toBe(28);
    // No shard finished yet: the estimate is for the media only, and flagged so.
    expect(exportProgress({ ...base, done: 2, remaining: { MEDIA: 3, SHARD: 2 }, recent: recent.slice(0, 2) })).toMatchObject({ etaSeconds: 30, etaMediaOnly: true });
    // Nothing finished yet, or only publishing left: no made-up estimate.
    expect(exportProgress({ ...base }).etaSeconds).toBeNull();
    expect(exportProgress({ ...base, phase: "FINALIZE", done: 10, remaining: { MEDIA: 0, SHARD: 0 }, recent, now: t(22) }).etaSeconds).toBeNull();
  });

  it("ignores units finished before a pause (a crash, or a cancel and resume)", () => {
    // Two units an hour ago, then a resume: two units of 4 s.
    const recent = [unit("MEDIA", 0, 4), unit("MEDIA", 4, 8), unit("MEDIA", 3600, 3604), unit("MEDIA", 3604, 3608)];
    expect(secondsPerUnit(recent, "MEDIA")).toBe(4);
  });

  it("says the export is stuck when nothing has finished for far longer than units take", () => {
    const recent = [unit("MEDIA", 0, 10), unit("MEDIA", 10, 20)];
    // 10 s a unit: 40 s without a finish is still normal (under the 2-minute floor)…
    expect(exportProgress({ ...base, done: 2, recent, now: t(60) })).toMatchObject({ stalledSeconds: null, etaSeconds: expect.any(Number) });
    // …five minutes is not: no made-up estimate, and how long it has been.
    expect(exportProgress({ ...base, done: 2, recent, now: t(320) })).toMatchObject({ stalledSeconds: 300, etaSeconds: null });
    expect(formatStall(300)).toBe("no progress for 5 min: is a worker running?");
  });

  it("gives no estimate for an export that is not running", () => {
    const recent = [unit("MEDIA", 0, 10)];
    expect(exportProgress({ ...base, status: "CANCELLED", done: 1, recent }).etaSeconds).toBeNull();
    expect(exportProgress({ ...base, status: "FAILED", done: 1, recent }).etaSeconds).toBeNull();
  });

  it("reads the time left in words", () => {
    expect(formatEta(null)).toBe("");
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(200)).toBe("3 min 20 s");
    expect(formatDuration(7500)).toBe("2 h 5 min");
    expect(formatEta(0.2)).toBe("less than a second left");
    expect(formatEta(42)).toBe("about 42 s left");
    expect(formatEta(600)).toBe("about 10 min left");
    expect(formatEta(2 * 3600 + 15 * 60)).toBe("about 2 h 15 min left");
  });
});
