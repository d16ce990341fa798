// Pure helpers for one chain under review: its sections, what the reviewer changed, and the
// word-level diff against the model's original. Text stays text: nothing here produces markup,
// and the panel renders every part as React text children.
import { diffWordsWithSpace } from "diff";

export const SECTIONS = ["planning", "observation", "reasoning", "answerText"] as const;
export type Section = (typeof SECTIONS)[number];
export type SectionTexts = Record<Section, string>;

export const SECTION_LABEL: Record<Section, string> = {
  planning: "Planning",
  observation: "Observation",
  reasoning: "Reasoning",
  answerText: "Answer",
};

type Nullable = { [K in Section]: string | null };

/** The model's sections as the server parsed them; a missing section is "" (as the server compares them). */
export function modelTexts(p: Nullable): SectionTexts {
  return { planning: p.planning ?? "", observation: p.observation ?? "", reasoning: p.reasoning ?? "", answerText: p.answerText ?? "" };
}

/** What the reviewer is looking at before touching anything: the saved review, else the model's text. */
export function baseTexts(p: Nullable, review: SectionTexts | null): SectionTexts {
  return review ? { planning: review.planning, observation: review.observation, reasoning: review.reasoning, answerText: review.answerText } : modelTexts(p);
}

/** Sections whose text differs from the model's original. */
export function editedSections(original: SectionTexts, current: SectionTexts): Section[] {
  return SECTIONS.filter((s) => original[s] !== current[s]);
}

/** `base` with the reviewer's drafts laid over it (a section without a draft keeps its base text). */
export function withDrafts(base: SectionTexts, drafts: Partial<SectionTexts>): SectionTexts {
  return { ...base, ...Object.fromEntries(Object.entries(drafts).filter(([, v]) => v !== undefined)) };
}

export interface DiffPart {
  kind: "same" | "added" | "removed";
  text: string;
}

/**
 * Word-level diff of `original` → `edited`, whitespace kept (line breaks in a chain matter), with
 * neighbouring parts of the same kind merged. Concatenating the "same" and "removed" parts gives
 * back the original; "same" and "added" give the edited text.
 */
export function diffSegments(original: string, edited: string): DiffPart[] {
  if (original === edited) return original ? [{ kind: "same", text: original }] : [];
  const out: DiffPart[] = [];
  for (const c of diffWordsWithSpace(original, edited)) {
    const kind: DiffPart["kind"] = c.added ? "added" : c.removed ? "removed" : "same";
    if (!c.value) continue;
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += c.value;
    else out.push({ kind, text: c.value });
  }
  return out;
}
