// Display helpers shared by the review queue, the chain panel and the comparison page.
import type { Verdict } from "./types";
import { comboKeys, hotkey, type HotkeyAction } from "@/components/keys/hotkeys";

export const VERDICTS: readonly Verdict[] = ["ACCEPTED", "REJECTED", "NEEDS_FIX"];

export const VERDICT_LABEL: Record<Verdict, string> = { ACCEPTED: "Accepted", REJECTED: "Rejected", NEEDS_FIX: "Needs fix" };
/** The button that gives a verdict (the label above is the state it leaves). */
const keyOf = (a: HotkeyAction) => comboKeys(hotkey(a).combos[0]!).join("+");

/** Each verdict's button label and its key from the hotkey registry. */
export const VERDICT_ACTION: Record<Verdict, { label: string; key: string }> = {
  ACCEPTED: { label: "Accept", key: keyOf("accept") },
  REJECTED: { label: "Reject", key: keyOf("reject") },
  NEEDS_FIX: { label: "Needs fix", key: keyOf("needsFix") },
};

export function verdictLabel(v: string | null | undefined): string {
  return v && v in VERDICT_LABEL ? VERDICT_LABEL[v as Verdict] : "Unreviewed";
}

/** A class suffix for the verdict badge: accepted / rejected / needs-fix / unreviewed. */
export function verdictClass(v: string | null | undefined): string {
  return v ? v.toLowerCase().replace("_", "-") : "unreviewed";
}

/** Progress points with at most one decimal ("45", "45.5"); "—" when there is none. */
export function fmtProgress(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const r = Math.round(v * 10) / 10;
  return String(r === 0 ? 0 : r);
}

export function fmtDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
