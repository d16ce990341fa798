import { describe, expect, it } from "vitest";
import type { SampleConfig } from "./types";
import { PROGRESS_QUESTIONS } from "@/lib/primo/questions";
import { sampleFrameIndices } from "@/lib/primo/prompt";
import { progressCurve } from "@/lib/progress/progress-curve";
import {
  LRM_PAIRS_PER_EPISODE,
  chainSamples,
  episodeSlugs,
  generateSamples,
  groundTruthCurve,
  lrmCompletionSamples,
  lrmContrastivePairs,
  lrmProgressSamples,
  lrmStage,
  pad6,
  queryFrames,
  questionIndexFor,
  rngFor,
  sanitiseKey,
  sortEpisodes,
  vseqFrames,
} from "./samples";
import { mulberry32 } from "@/lib/random";
import { snapshotChain, snapshotEpisode } from "@/tests/fixtures/snapshot-episode";

const episode = snapshotEpisode;
const chain = snapshotChain;

const config: SampleConfig = { queries: { mode: "count", count: 5 }, maxFrames: 16, seed: 7 };

describe("queryFrames", () => {
  it("count: evenly spread, first and last included, floored", () => {
    expect(queryFrames(101, { mode: "count", count: 5 })).toEqual([0, 25, 50, 75, 100]);
    expect(queryFrames(10, { mode: "count", count: 4 })).toEqual([0, 3, 6, 9]);
    expect(queryFrames(10, { mode: "count", count: 3 })).toEqual([0, 4, 9]); // floor(9/2) = 4
  });

  it("count: deduplicated on short episodes", () => {
    expect(queryFrames(3, { mode: "count", count: 5 })).toEqual([0, 1, 2]);
    expect(queryFrames(1, { mode: "count", count: 8 })).toEqual([0]);
  });

  it("count 1 is the last frame", () => {
    expect(queryFrames(50, { mode: "count", count: 1 })).toEqual([49]);
  });

  it("stride: 0, s, 2s, … ≤ L-1", () => {
    expect(queryFrames(10, { mode: "stride", stride: 3 })).toEqual([0, 3, 6, 9]);
    expect(queryFrames(10, { mode: "stride", stride: 4 })).toEqual([0, 4, 8]);
    expect(queryFrames(10, { mode: "stride", stride: 100 })).toEqual([0]);
    expect(queryFrames(4, { mode: "stride", stride: 1 })).toEqual([0, 1, 2, 3]);
  });

  it("lrm: the 11 keyframes of a 101-frame episode are 0, 10, …, 100", () => {
    expect(queryFrames(101, { mode: "lrm" })).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });

  it("lrm: rounded positions, deduplicated on short episodes", () => {
    expect(queryFrames(11, { mode: "lrm" })).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(queryFrames(5, { mode: "lrm" })).toEqual([0, 1, 2, 3, 4]);
    expect(queryFrames(1, { mode: "lrm" })).toEqual([0]);
    // round(k * 299 / 10): 29.9 → 30, 59.8 → 60, 89.7 → 90, 149.5 → 150, 269.1 → 269
    expect(queryFrames(300, { mode: "lrm" })).toEqual([0, 30, 60, 90, 120, 150, 179, 209, 239, 269, 299]);
  });

  it("always ascending, unique and within the episode", () => {
    for (const L of [1, 2, 3, 7, 16, 99, 1000]) {
      for (const s of [{ mode: "count", count: 7 }, { mode: "stride", stride: 5 }, { mode: "lrm" }] as const) {
        const f = queryFrames(L, s);
        expect(f.length).toBeGreaterThan(0);
        for (let i = 0; i < f.length; i++) {
          expect(Number.isInteger(f[i])).toBe(true);
          expect(f[i]).toBeGreaterThanOrEqual(0);
          expect(f[i]).toBeLessThanOrEqual(L - 1);
          if (i > 0) expect(f[i]).toBeGreaterThan(f[i - 1]);
        }
      }
    }
  });

  it("throws RangeError on invalid input", () => {
    expect(() => queryFrames(0, { mode: "lrm" })).toThrow(RangeError);
    expect(() => queryFrames(-5, { mode: "lrm" })).toThrow(RangeError);
    expect(() => queryFrames(10.5, { mode: "lrm" })).toThrow(RangeError);
    expect(() => queryFrames(Number.NaN, { mode: "lrm" })).toThrow(RangeError);
    expect(() => queryFrames(Infinity, { mode: "lrm" })).toThrow(RangeError);
    expect(() => queryFrames(10, { mode: "count", count: 0 })).toThrow(RangeError);
    expect(() => queryFrames(10, { mode: "count", count: 2.5 })).toThrow(RangeError);
    expect(() => queryFrames(10, { mode: "stride", stride: 0 })).toThrow(RangeError);
    expect(() => queryFrames(10, { mode: "stride", stride: -1 })).toThrow(RangeError);
    expect(() => queryFrames(10, { mode: "nope" } as never)).toThrow(RangeError);
  });
});

describe("vseqFrames", () => {
  it("spreads at most maxFrames frames over [0, queryFrame] with both ends", () => {
    const f = vseqFrames(100, 16);
    expect(f).toEqual(sampleFrameIndices(100, 16));
    expect(f).toHaveLength(16);
    expect(f[0]).toBe(0);
    expect(f[15]).toBe(100);
  });

  it("gives every frame once when the clip is short", () => {
    expect(vseqFrames(5, 16)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(vseqFrames(0, 16)).toEqual([0]);
  });

  it("throws on invalid input", () => {
    expect(() => vseqFrames(-1, 16)).toThrow(RangeError);
    expect(() => vseqFrames(3.5, 16)).toThrow(RangeError);
    expect(() => vseqFrames(10, 0)).toThrow(RangeError);
  });
});

describe("questionIndexFor / PRNG", () => {
  it("is deterministic, in range, and depends on seed, key and frame", () => {
    const a = questionIndexFor(7, "ep-1", 30);
    expect(questionIndexFor(7, "ep-1", 30)).toBe(a);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(100);
    const many = new Set<number>();
    for (let f = 0; f < 500; f++) many.add(questionIndexFor(7, "ep-1", f));
    expect(many.size).toBeGreaterThan(90); // draws spread over the 100 phrasings
    const bySeed = new Set<number>();
    for (let s = 0; s < 50; s++) bySeed.add(questionIndexFor(s, "ep-1", 30));
    expect(bySeed.size).toBeGreaterThan(20);
  });

  it("rejects a non-integer seed", () => {
    expect(() => questionIndexFor(1.5, "a", 0)).toThrow(RangeError);
    expect(() => rngFor(Number.NaN, "a", "x")).toThrow(RangeError);
  });

  it("mulberry32 repeats for a seed, stays in [0, 1) and differs across seeds", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });

  it("rngFor streams differ by purpose and episode", () => {
    expect(rngFor(1, "a", "x")()).toBe(rngFor(1, "a", "x")());
    expect(rngFor(1, "a", "x")()).not.toBe(rngFor(1, "a", "y")());
    expect(rngFor(1, "a", "x")()).not.toBe(rngFor(1, "b", "x")());
  });
});

describe("groundTruthCurve", () => {
  it("is progressCurve with the snapshot's inputs", () => {
    const e = episode({
      lengthFrames: 40,
      outcome: "FAILURE",
      segments: [{ startFrame: 0, endFrame: 19, label: "grasp" }],
      progress: { weighting: "DURATION", canonicalSubtasks: ["grasp", "place"], typicalDurations: { grasp: 20, place: 60 } },
    });
    const expected = progressCurve({
      segments: e.annotation.segments,
      lengthFrames: 40,
      weighting: "DURATION",
      outcome: "FAILURE",
      canonicalSubtasks: ["grasp", "place"],
      typicalDurations: { grasp: 20, place: 60 },
    });
    expect(groundTruthCurve(e)).toEqual(expected);
    expect(groundTruthCurve(e)[39]).toBe(25); // 20 / (20 + 60)
  });
});

describe("sanitiseKey / episodeSlugs", () => {
  it("keeps [A-Za-z0-9._-] and replaces others with _", () => {
    expect(sanitiseKey("task_327/episode 648642")).toBe("task_327_episode_648642");
    expect(sanitiseKey("a.b-c_D9")).toBe("a.b-c_D9");
    expect(sanitiseKey('q"u\\o\nte')).toBe("q_u_o_te");
    expect(sanitiseKey("épisode🙂")).toBe("_pisode_"); // one "_" per code point
  });

  it("never yields an empty, dot-only or hidden path component", () => {
    expect(sanitiseKey("")).toBe("_");
    expect(sanitiseKey(".")).toBe("_");
    expect(sanitiseKey("..")).toBe("__");
    expect(sanitiseKey("../../etc/passwd")).toBe("___.._etc_passwd");
    expect(sanitiseKey(".git")).toBe("_git");
  });

  it("shortens very long keys with a hash, keeping different keys different", () => {
    const a = sanitiseKey("x".repeat(300));
    const b = sanitiseKey(`${"x".repeat(299)}y`);
    expect(a).toHaveLength(100);
    expect(b).toHaveLength(100);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^x{91}_[0-9a-f]{8}$/);
  });

  it("suffixes ~<episodeId> on every member of a colliding group (case-insensitive)", () => {
    const eps = [episode({ episodeId: 1, key: "a/b" }), episode({ episodeId: 2, key: "a b" }), episode({ episodeId: 3, key: "A_B" }), episode({ episodeId: 4, key: "c" })];
    const slugs = episodeSlugs(eps);
    expect(slugs.get(1)).toBe("a_b~1");
    expect(slugs.get(2)).toBe("a_b~2");
    expect(slugs.get(3)).toBe("A_B~3");
    expect(slugs.get(4)).toBe("c");
    // Input order does not matter.
    expect(episodeSlugs([...eps].reverse())).toEqual(slugs);
  });

  it("throws on a duplicate episode id", () => {
    expect(() => episodeSlugs([episode({ episodeId: 9 }), episode({ episodeId: 9 })])).toThrow(RangeError);
  });

  it("pad6", () => {
    expect(pad6(0)).toBe("000000");
    expect(pad6(1234)).toBe("001234");
    expect(pad6(1234567)).toBe("1234567");
  });
});

describe("sortEpisodes", () => {
  it("sorts by environment slug, task key, episode key, id, by code units, without mutating", () => {
    const eps = [
      episode({ episodeId: 1, key: "b", environment: { id: 2, slug: "robotwin", name: "R" } }),
      episode({ episodeId: 2, key: "b", task: { id: 2, key: "Zeta", instruction: "z" } }),
      episode({ episodeId: 3, key: "a", task: { id: 3, key: "alpha", instruction: "a" } }),
      episode({ episodeId: 4, key: "B", task: { id: 3, key: "alpha", instruction: "a" } }),
    ];
    const copy = [...eps];
    expect(sortEpisodes(eps).map((e) => e.episodeId)).toEqual([2, 4, 3, 1]); // "Zeta" < "alpha" and "B" < "a" by code units
    expect(eps).toEqual(copy);
  });
});

describe("generateSamples", () => {
  const eps = [
    episode({ episodeId: 11, key: "z-ep", lengthFrames: 101 }),
    episode({ episodeId: 12, key: "a-ep", lengthFrames: 51, outcome: "FAILURE", segments: [{ startFrame: 0, endFrame: 50, label: "grasp" }] }),
    episode({ episodeId: 13, key: "m-ep", lengthFrames: 21, environment: { id: 2, slug: "behavior", name: "B" } }),
  ];

  it("one sample per query frame, episodes sorted, with id, V_seq, I_init, progress and question", () => {
    const s = generateSamples(eps, config);
    expect(s.map((x) => x.id)).toEqual([
      // agibot / cup / a-ep, agibot / cup / z-ep, then behavior / cup / m-ep
      "a-ep/000000", "a-ep/000012", "a-ep/000025", "a-ep/000037", "a-ep/000050",
      "z-ep/000000", "z-ep/000025", "z-ep/000050", "z-ep/000075", "z-ep/000100",
      "m-ep/000000", "m-ep/000005", "m-ep/000010", "m-ep/000015", "m-ep/000020",
    ]);
    for (const x of s) {
      expect(x.initFrame).toBe(0);
      expect(x.vseqFrames).toEqual(vseqFrames(x.queryFrame, 16));
      expect(x.progress).toBe(groundTruthCurve(x.episode)[x.queryFrame]);
      expect(x.questionIndex).toBe(questionIndexFor(7, x.episode.key, x.queryFrame));
      expect(x.question).toBe(PROGRESS_QUESTIONS[x.questionIndex]);
      expect(x.chain).toBeUndefined();
    }
    const z = s.filter((x) => x.episode.key === "z-ep");
    // Two equal subtasks, frames 0-50 and 51-100: frame 75 is 50 + 50 * 24/49.
    expect(z.map((x) => x.progress)).toEqual([0, 25, 50, 50 + (50 * 24) / 49, 100]);
    expect(z[4].progress).toBe(100);
    // The failed episode never reaches 100.
    for (const x of s.filter((x) => x.episode.key === "a-ep")) expect(x.progress).toBeLessThan(100);
  });

  it("is deterministic and independent of input order", () => {
    const a = generateSamples(eps, config);
    expect(generateSamples(eps, config)).toEqual(a);
    expect(generateSamples([eps[2], eps[0], eps[1]], config)).toEqual(a);
  });

  it("adding or removing other episodes does not change a sample's question (or id)", () => {
    const alone = generateSamples([eps[0]], config);
    const withOthers = generateSamples([...eps, episode({ key: "extra" }), episode({ key: "more" })], config).filter((x) => x.episode.key === "z-ep");
    expect(withOthers.map((x) => [x.id, x.questionIndex, x.question])).toEqual(alone.map((x) => [x.id, x.questionIndex, x.question]));
  });

  it("the seed changes the questions", () => {
    const a = generateSamples(eps, config).map((x) => x.questionIndex);
    const b = generateSamples(eps, { ...config, seed: 8 }).map((x) => x.questionIndex);
    expect(b).not.toEqual(a);
  });

  it("ids are unique even when keys collide after sanitising", () => {
    const s = generateSamples([episode({ episodeId: 21, key: "x/1" }), episode({ episodeId: 22, key: "x 1" })], config);
    expect(new Set(s.map((x) => x.id)).size).toBe(s.length);
    // "x 1" sorts before "x/1" (space < slash).
    expect(s[0].id).toBe("x_1~22/000000");
    expect(s[5].id).toBe("x_1~21/000000");
  });

  it("supports the stride and lrm schedules", () => {
    expect(generateSamples([eps[0]], { ...config, queries: { mode: "lrm" } }).map((x) => x.queryFrame)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(generateSamples([eps[0]], { ...config, queries: { mode: "stride", stride: 40 } }).map((x) => x.queryFrame)).toEqual([0, 40, 80]);
  });

  it("rejects a bad config", () => {
    expect(() => generateSamples(eps, { ...config, maxFrames: 0 })).toThrow(RangeError);
    expect(() => generateSamples(eps, { ...config, seed: 0.5 })).toThrow(RangeError);
  });
});

describe("chainSamples", () => {
  const e = episode({
    episodeId: 31,
    key: "chain-ep",
    lengthFrames: 101,
    chains: [
      chain({ predictionId: 9, queryFrame: 60, sampledFrames: Array.from({ length: 32 }, (_, i) => Math.floor((i * 60) / 31)) }),
      chain({ predictionId: 5, queryFrame: 60, question: "  Custom question?  " }),
      chain({ predictionId: 7, queryFrame: 20, question: PROGRESS_QUESTIONS[41] }),
      chain({ predictionId: 8, queryFrame: 40, question: "   " }),
    ],
  });
  const plain = episode({ episodeId: 32, key: "no-chains" });

  it("one sample per chain, ordered by query frame then prediction id, with the chain attached", () => {
    const s = chainSamples([plain, e], config);
    expect(s.map((x) => x.id)).toEqual(["chain-ep/000020~chain7", "chain-ep/000040~chain8", "chain-ep/000060~chain5", "chain-ep/000060~chain9"]);
    expect(s.map((x) => x.chain?.predictionId)).toEqual([7, 8, 5, 9]);
    for (const x of s) {
      expect(x.progress).toBe(groundTruthCurve(e)[x.queryFrame]);
      expect(x.initFrame).toBe(0);
    }
  });

  it("keeps all recorded V_seq frames even beyond maxFrames; falls back to vseqFrames when none were recorded", () => {
    const s = chainSamples([e], config);
    const recorded = s.find((x) => x.chain?.predictionId === 9)!;
    expect(recorded.vseqFrames).toHaveLength(32);
    expect(recorded.vseqFrames).toEqual(e.chains[0].sampledFrames);
    const fallback = s.find((x) => x.chain?.predictionId === 5)!;
    expect(fallback.vseqFrames).toEqual(vseqFrames(60, 16));
  });

  it("uses the chain's question when there is one, else draws", () => {
    const s = chainSamples([e], config);
    const by = (id: number) => s.find((x) => x.chain?.predictionId === id)!;
    expect(by(7).question).toBe(PROGRESS_QUESTIONS[41]);
    expect(by(7).questionIndex).toBe(41);
    expect(by(5).question).toBe("Custom question?");
    expect(by(5).questionIndex).toBe(-1);
    expect(by(8).questionIndex).toBe(questionIndexFor(7, "chain-ep", 40));
    expect(by(8).question).toBe(PROGRESS_QUESTIONS[by(8).questionIndex]);
  });

  it("is deterministic", () => {
    expect(chainSamples([plain, e], config)).toEqual(chainSamples([e, plain], config));
  });

  it("rejects chains outside the episode or with future frames", () => {
    expect(() => chainSamples([episode({ lengthFrames: 50, chains: [chain({ predictionId: 1, queryFrame: 50 })] })], config)).toThrow(RangeError);
    expect(() => chainSamples([episode({ lengthFrames: 50, chains: [chain({ predictionId: 1, queryFrame: 10, sampledFrames: [0, 5, 11] })] })], config)).toThrow(RangeError);
  });

  it("sorts and deduplicates recorded frames", () => {
    const s = chainSamples([episode({ lengthFrames: 50, chains: [chain({ predictionId: 1, queryFrame: 10, sampledFrames: [10, 0, 5, 5] })] })], config);
    expect(s[0].vseqFrames).toEqual([0, 5, 10]);
  });
});

describe("lrmProgressSamples", () => {
  it("11 keyframes of a 101-frame episode: 0, 10, …, 100 with t/T and curve labels", () => {
    const e = episode({ episodeId: 41, key: "lrm", lengthFrames: 101 });
    const s = lrmProgressSamples([e]);
    expect(s.map((x) => x.frame)).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(s.map((x) => x.keyframe)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(s.map((x) => x.normalisedTime)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    const curve = groundTruthCurve(e);
    expect(s.map((x) => x.progress)).toEqual(s.map((x) => curve[x.frame]));
    expect(s.map((x) => x.stage)).toEqual(s.map((x) => lrmStage(x.progress)));
    expect(s[10].stage).toBe(10);
    expect(s.map((x) => x.id)).toContain("lrm/000050");
  });

  it("labels from the annotation, not from time: a late start stays at 0", () => {
    const e = episode({ lengthFrames: 101, segments: [{ startFrame: 50, endFrame: 100, label: "all" }] });
    const s = lrmProgressSamples([e]);
    expect(s.slice(0, 6).map((x) => x.progress)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(s[5].normalisedTime).toBe(0.5);
  });

  it("a failed episode is never at stage 10", () => {
    // 19 of 20 canonical subtasks done: the curve ends at 95, which rounds to stage 10…
    const e = episode({
      lengthFrames: 101,
      outcome: "FAILURE",
      segments: Array.from({ length: 19 }, (_, k) => ({ startFrame: 5 * k, endFrame: 5 * k + 4, label: `s${k}` })),
      progress: { weighting: "EQUAL", canonicalSubtasks: Array.from({ length: 20 }, (_, i) => `s${i}`), typicalDurations: {} },
    });
    const s = lrmProgressSamples([e]);
    expect(s[10].progress).toBeCloseTo(95, 10);
    for (const x of s) expect(x.stage).toBeLessThanOrEqual(9); // …but is capped
  });

  it("lrmStage", () => {
    expect(lrmStage(0)).toBe(0);
    expect(lrmStage(4.9)).toBe(0);
    expect(lrmStage(5)).toBe(1);
    expect(lrmStage(94.9)).toBe(9);
    expect(lrmStage(99.99)).toBe(9);
    expect(lrmStage(100)).toBe(10);
  });
});

describe("lrmContrastivePairs", () => {
  const eps = [episode({ episodeId: 51, key: "c1" }), episode({ episodeId: 52, key: "c2", outcome: "FAILURE" }), episode({ episodeId: 53, key: "c3", lengthFrames: 301 })];

  it("pairs are (earlier, later) keyframes of one episode with different ground truth; the label names the further shown frame", () => {
    const pairs = lrmContrastivePairs(eps, { seed: 3 });
    expect(pairs.length).toBe(3 * LRM_PAIRS_PER_EPISODE);
    const keyframes = new Map(eps.map((e) => [e.episodeId, queryFrames(e.lengthFrames, { mode: "lrm" })]));
    for (const p of pairs) {
      const curve = groundTruthCurve(p.episode);
      expect(p.earlierFrame).toBeLessThan(p.laterFrame);
      expect(keyframes.get(p.episode.episodeId)).toContain(p.earlierFrame);
      expect(keyframes.get(p.episode.episodeId)).toContain(p.laterFrame);
      expect(p.earlierProgress).toBe(curve[p.earlierFrame]);
      expect(p.laterProgress).toBe(curve[p.laterFrame]);
      expect(p.laterProgress).toBeGreaterThan(p.earlierProgress);
      expect([...p.shownFrames].sort((a, b) => a - b)).toEqual([p.earlierFrame, p.laterFrame]);
      expect(p.shownFrames[p.further - 1]).toBe(p.laterFrame);
      expect(p.id).toBe(`${p.episode.key}/${pad6(p.earlierFrame)}-${pad6(p.laterFrame)}`);
    }
    expect(new Set(pairs.map((p) => p.id)).size).toBe(pairs.length);
    // Both presentation orders occur, so the label is not constant.
    expect(new Set(pairs.map((p) => p.further))).toEqual(new Set([1, 2]));
  });

  it("is deterministic, seed-dependent, and independent of the other episodes", () => {
    const a = lrmContrastivePairs(eps, { seed: 3 });
    expect(lrmContrastivePairs([...eps].reverse(), { seed: 3 })).toEqual(a);
    expect(lrmContrastivePairs(eps, { seed: 4 })).not.toEqual(a);
    const alone = lrmContrastivePairs([eps[1]], { seed: 3 });
    expect(a.filter((p) => p.episode.key === "c2")).toEqual(alone);
  });

  it("takes all candidates when fewer than asked, none when the curve is flat", () => {
    const all = lrmContrastivePairs([eps[0]], { seed: 1 }, { pairsPerEpisode: 1000 });
    // 11 keyframes, curve strictly increasing over the whole episode → all 55 pairs.
    expect(all).toHaveLength(55);
    expect(lrmContrastivePairs([episode({ segments: [] })], { seed: 1 })).toEqual([]);
  });

  it("skips pairs with equal ground truth", () => {
    // Progress 0 until frame 50, then rising: keyframes 0..50 all have 0.
    const e = episode({ lengthFrames: 101, segments: [{ startFrame: 50, endFrame: 100, label: "x" }] });
    const all = lrmContrastivePairs([e], { seed: 1 }, { pairsPerEpisode: 1000 });
    expect(all).toHaveLength(55 - 15); // the 6 zero keyframes (0..50) make 15 equal pairs
    for (const p of all) expect(p.laterProgress).toBeGreaterThan(p.earlierProgress);
  });

  it("rejects a bad pair count", () => {
    expect(() => lrmContrastivePairs(eps, { seed: 1 }, { pairsPerEpisode: 0 })).toThrow(RangeError);
  });
});

describe("lrmCompletionSamples", () => {
  const success = episode({ episodeId: 61, key: "ok", lengthFrames: 101 });
  const failure = episode({ episodeId: 62, key: "bad", lengthFrames: 101, outcome: "FAILURE" });
  const unknown = episode({ episodeId: 63, key: "unk", outcome: "UNKNOWN" });
  const unsure = episode({ episodeId: 64, key: "uns", outcome: "UNSURE" });

  it("a successful episode: positive at the last frame, negative at an earlier keyframe below 100", () => {
    const s = lrmCompletionSamples([success], { seed: 2 });
    expect(s).toHaveLength(2);
    const [neg, pos] = s;
    expect(pos).toMatchObject({ frame: 100, complete: true, source: "success-final", progress: 100, id: "ok/000100" });
    expect(neg.complete).toBe(false);
    expect(neg.source).toBe("success-earlier");
    expect(neg.frame).toBeLessThan(100);
    expect(queryFrames(101, { mode: "lrm" })).toContain(neg.frame);
    expect(neg.progress).toBeLessThan(100);
  });

  it("a failed episode is never labelled complete; unknown outcomes are skipped", () => {
    const s = lrmCompletionSamples([failure, unknown, unsure, success], { seed: 2 });
    expect(s.filter((x) => x.episode.key === "bad")).toEqual([expect.objectContaining({ frame: 100, complete: false, source: "failure-final" })]);
    expect(s.some((x) => x.episode.key === "unk" || x.episode.key === "uns")).toBe(false);
    for (const x of s) if (x.episode.annotation.outcome === "FAILURE") expect(x.complete).toBe(false);
  });

  it("only keyframes strictly below 100 become negatives (a success that finished early)", () => {
    // Done at frame 30; keyframes 30..100 are all at 100.
    const early = episode({ lengthFrames: 101, segments: [{ startFrame: 0, endFrame: 30, label: "all" }] });
    for (let seed = 0; seed < 30; seed++) {
      const neg = lrmCompletionSamples([early], { seed }).find((x) => !x.complete)!;
      expect(neg.frame).toBeLessThan(30);
      expect(neg.progress).toBeLessThan(100);
    }
  });

  it("a one-frame successful episode has only the positive", () => {
    expect(lrmCompletionSamples([episode({ lengthFrames: 1, segments: [{ startFrame: 0, endFrame: 0, label: "x" }] })], { seed: 1 }).map((x) => x.complete)).toEqual([true]);
  });

  it("is deterministic and independent of the other episodes", () => {
    const a = lrmCompletionSamples([success, failure], { seed: 9 });
    expect(lrmCompletionSamples([failure, success], { seed: 9 })).toEqual(a);
    expect(lrmCompletionSamples([success], { seed: 9 })).toEqual(a.filter((x) => x.episode.key === "ok"));
  });
});
