// What changed between two release snapshots: episodes added or removed, and for episodes in
// both, moved boundaries, renamed labels, outcomes, splits and chains. Pure.
import type { SnapshotEpisode } from "@/lib/export/types";
import { SPLIT_TAG_LABEL } from "./workflow";

export interface EpisodeChange {
  episodeId: number;
  key: string;
  /** Human-readable changes, e.g. `segment 2 "place": end 140 → 152`. */
  changes: string[];
  kinds: ("boundaries" | "labels" | "outcome" | "split" | "chains" | "segments")[];
}

export interface ReleaseDiff {
  added: { episodeId: number; key: string }[];
  removed: { episodeId: number; key: string }[];
  changed: EpisodeChange[];
  unchanged: number;
}

const chainText = (c: SnapshotEpisode["chains"][number]) => JSON.stringify([c.queryFrame, c.sampledFrames, c.question, c.planning, c.observation, c.reasoning, c.answer]);

export function diffSnapshots(previous: SnapshotEpisode[], next: SnapshotEpisode[]): ReleaseDiff {
  const prev = new Map(previous.map((e) => [e.episodeId, e]));
  const now = new Map(next.map((e) => [e.episodeId, e]));
  const out: ReleaseDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const e of next) if (!prev.has(e.episodeId)) out.added.push({ episodeId: e.episodeId, key: e.key });
  for (const e of previous) if (!now.has(e.episodeId)) out.removed.push({ episodeId: e.episodeId, key: e.key });
  for (const e of next) {
    const p = prev.get(e.episodeId);
    if (!p) continue;
    const change: EpisodeChange = { episodeId: e.episodeId, key: e.key, changes: [], kinds: [] };
    const kind = (k: EpisodeChange["kinds"][number]) => {
      if (!change.kinds.includes(k)) change.kinds.push(k);
    };
    if (p.annotation.outcome !== e.annotation.outcome) {
      kind("outcome");
      change.changes.push(`outcome ${p.annotation.outcome.toLowerCase()} → ${e.annotation.outcome.toLowerCase()}`);
    }
    if (p.split !== e.split || p.splitTag !== e.splitTag) {
      kind("split");
      change.changes.push(`split ${SPLIT_TAG_LABEL[p.splitTag]} → ${SPLIT_TAG_LABEL[e.splitTag]}`);
    }
    const ps = [...p.annotation.segments].sort((a, b) => a.startFrame - b.startFrame);
    const ns = [...e.annotation.segments].sort((a, b) => a.startFrame - b.startFrame);
    if (ps.length !== ns.length) {
      kind("segments");
      change.changes.push(`${ps.length} → ${ns.length} segments`);
    }
    for (let i = 0; i < Math.min(ps.length, ns.length); i++) {
      const a = ps[i]!;
      const b = ns[i]!;
      if (a.startFrame !== b.startFrame || a.endFrame !== b.endFrame) {
        kind("boundaries");
        const parts: string[] = [];
        if (a.startFrame !== b.startFrame) parts.push(`start ${a.startFrame} → ${b.startFrame}`);
        if (a.endFrame !== b.endFrame) parts.push(`end ${a.endFrame} → ${b.endFrame}`);
        change.changes.push(`segment ${i + 1} "${b.label}": ${parts.join(", ")}`);
      }
      if (a.label !== b.label) {
        kind("labels");
        change.changes.push(`segment ${i + 1}: label "${a.label}" → "${b.label}"`);
      }
    }
    const pc = new Map(p.chains.map((c) => [c.predictionId, chainText(c)]));
    const nc = new Map(e.chains.map((c) => [c.predictionId, chainText(c)]));
    const chainsAdded = [...nc.keys()].filter((k) => !pc.has(k)).length;
    const chainsRemoved = [...pc.keys()].filter((k) => !nc.has(k)).length;
    const chainsEdited = [...nc.entries()].filter(([k, v]) => pc.has(k) && pc.get(k) !== v).length;
    if (chainsAdded || chainsRemoved || chainsEdited) {
      kind("chains");
      const parts = [chainsAdded && `${chainsAdded} added`, chainsRemoved && `${chainsRemoved} removed`, chainsEdited && `${chainsEdited} edited`].filter(Boolean);
      change.changes.push(`chains: ${parts.join(", ")}`);
    }
    if (change.changes.length) out.changed.push(change);
    else out.unchanged++;
  }
  const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
  out.added.sort(byKey);
  out.removed.sort(byKey);
  out.changed.sort(byKey);
  return out;
}
