// The annotation workflow as data: statuses, the actions that move between them, who may
// take each action, and how an episode's status follows from its annotations. Pure, so the
// server enforces exactly what the UI offers.
import type { Role } from "@/lib/auth/roles";
import { validateSegments } from "./segments";
import type { AnnotationSnapshot } from "./types";
import { vocabularyProblem, type Vocabulary } from "./vocabulary";

export const STATUSES = ["UNASSIGNED", "IN_PROGRESS", "SUBMITTED", "IN_REVIEW", "APPROVED", "CHANGES_REQUESTED"] as const;
export type AnnotationStatus = (typeof STATUSES)[number];

export const WORKFLOW_ACTIONS = ["submit", "start_review", "approve", "request_changes"] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

interface ActionDef {
  from: readonly AnnotationStatus[];
  to: AnnotationStatus;
  /** Who may act (lib/auth/policy.ts): the annotation's own annotator, or anyone with at least this role. */
  owner: boolean;
  role: Role;
  label: string;
}

export const ACTIONS: Record<WorkflowAction, ActionDef> = {
  submit: { from: ["IN_PROGRESS", "CHANGES_REQUESTED"], to: "SUBMITTED", owner: true, role: "LEAD", label: "Submit for review" },
  start_review: { from: ["SUBMITTED"], to: "IN_REVIEW", owner: false, role: "LEAD", label: "Start review" },
  approve: { from: ["SUBMITTED", "IN_REVIEW"], to: "APPROVED", owner: false, role: "LEAD", label: "Approve" },
  // Approved work can be sent back too: a reviewer may find a problem later.
  request_changes: { from: ["SUBMITTED", "IN_REVIEW", "APPROVED"], to: "CHANGES_REQUESTED", owner: false, role: "LEAD", label: "Request changes" },
};

export interface AnnotationRef {
  annotatorId: number | null;
  status: AnnotationStatus;
}

// Who may take each action on which annotation is the access policy's (lib/auth/policy.ts).

/**
 * An episode's status from the statuses of its annotators' annotations: the least advanced one
 * wins, so a double-annotated episode is approved only when both annotations are. Changes
 * requested on any of them puts the episode back in the annotators' hands.
 */
export function episodeStatusFrom(statuses: readonly AnnotationStatus[]): AnnotationStatus {
  if (statuses.length === 0) return "UNASSIGNED";
  if (statuses.includes("CHANGES_REQUESTED")) return "CHANGES_REQUESTED";
  const order: AnnotationStatus[] = ["UNASSIGNED", "IN_PROGRESS", "SUBMITTED", "IN_REVIEW", "APPROVED"];
  return statuses.reduce((min, s) => (order.indexOf(s) < order.indexOf(min) ? s : min), "APPROVED" as AnnotationStatus);
}

/** What stops an annotation from being submitted; empty when it can go to review. */
export function submissionProblems(s: AnnotationSnapshot, lengthFrames: number, vocabulary?: Vocabulary): string[] {
  const problems = validateSegments(s.segments, lengthFrames, { requireLabels: true });
  const off = vocabularyProblem(s.segments, vocabulary);
  if (off) problems.push(off);
  if (s.segments.length === 0) problems.push("Mark at least one subtask segment.");
  if (s.outcome === "UNKNOWN") problems.push("Choose the episode's outcome (success, failure or unsure).");
  if (s.outcome === "FAILURE" && !s.failureReason) problems.push("Choose a failure reason.");
  return problems;
}
