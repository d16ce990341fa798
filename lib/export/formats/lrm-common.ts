/**
 * What the Large Reward Models formats (lrm-progress, lrm-contrastive, lrm-completion) share.
 * They are Critic Studio's own layouts of the LRM paper's three training sets
 * (papers/large-reward-models.md §III; DOMAIN.md §4), JSONL with images; their records carry
 * their provenance inline. The reader is `datasets` plus the user's own collator, so the rules
 * are the records' own: the schema, and every image present.
 */
import { framePath, lrmMediaNeeds, mediaDirOf, type LrmItem } from "@/lib/export/records";
import type { MediaLookup } from "./format";
import { checkMedia, type Findings } from "./rules";

export const lrmMediaNeedsOf = (x: LrmItem) => lrmMediaNeeds(x);

export function lrmTarMembers(x: LrmItem): [string, string][] {
  const dir = mediaDirOf(x);
  if ("shownFrames" in x) return [["init.jpg", framePath(dir, x.initFrame)], ["first.jpg", framePath(dir, x.shownFrames[0])], ["second.jpg", framePath(dir, x.shownFrames[1])]];
  return [["init.jpg", framePath(dir, x.initFrame)], ["frame.jpg", framePath(dir, x.frame)]];
}

export function lrmImages(f: Findings, paths: unknown[], media: MediaLookup): void {
  for (const p of paths) checkMedia(f, "images exist", p, media, "image");
}

export const lrmSnippet = (id: string) => ["```python", "from datasets import load_dataset", `ds = load_dataset("<export folder>", "${id}")`, "```", "Image paths are relative to the export folder."].join("\n");


