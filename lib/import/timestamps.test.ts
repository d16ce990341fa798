import { describe, expect, it } from "vitest";
import { FrameTimes, buildFrameTable, uniformTable } from "@/lib/media/frame-table";
import { timestampNote } from "./timestamps";

// A LeRobot v3 file holds several episodes; this one starts 2 s (60 frames) into a 30 fps mp4.
const file = new FrameTimes(uniformTable(30, 1, 300));
const stamps = (n: number) => Array.from({ length: n }, (_, f) => Math.fround(f / 30));

describe("timestampNote (LeRobot's rule: frame i is the video frame nearest from_timestamp + timestamp[i])", () => {
  it("says nothing when every float32 timestamp lands on its own frame", () => {
    expect(timestampNote(stamps(90), file, 2, 60, 90, "top")).toBeNull();
  });

  it("names rows LeRobot would show another picture for, and rows its 1e-4 s tolerance refuses", () => {
    const s = stamps(90);
    s[10] = s[10]! + 0.02; // 20 ms: past half a frame (16.7 ms), LeRobot decodes frame 11's picture
    s[40] = s[40]! + 0.005; // 5 ms: still frame 40 here, but further than LeRobot's tolerance_s
    const note = timestampNote(s, file, 2, 60, 90, "top");
    expect(note).toContain("1 of 90 data timestamps are more than half a frame from camera top's frame of the same index (first at frame 10, up to 20.0 ms)");
    expect(note).toContain("would refuse 2 of 90 rows");
  });

  it("uses the camera's own frame times on a variable-rate file", () => {
    // 30 fps for 1 s, then 10 fps: timestamps written at a fixed 30 fps drift off after frame 30.
    const pts = [...Array.from({ length: 30 }, (_, k) => k * 2), ...Array.from({ length: 15 }, (_, k) => 60 + k * 6)];
    const vfr = new FrameTimes(buildFrameTable({ tbNum: 1, tbDen: 60, rate: null, packets: pts.map((p) => ({ pts: p, duration: 2, discard: false })) }));
    expect(timestampNote(stamps(30), vfr, 0, 0, 30, "top")).toBeNull();
    const note = timestampNote(stamps(45), vfr, 0, 0, 45, "top");
    expect(note).toMatch(/^Timestamps: \d+ of 45 data timestamps are more than half a frame .*first at frame 31,/);
  });

  it("reports a data frame count that differs from the camera's", () => {
    expect(timestampNote(stamps(88), file, 2, 60, 90, "top")).toBe("Timestamps: the data has 88 frames and camera top 90.");
  });
});
