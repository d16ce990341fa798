// The annotation workflow as data: statuses, the actions that move between them, who may
// take each action, and how an episode's status follows from its annotations. Pure, so the
// server enforces exactly what the UI offers.
import { hasRole, type Role } from "@/lib/auth/roles";
import { validateSegments } from "./segments";
import type { AnnotationSnapshot } from "./types";

export const STATUSES = ["UNASSIGNED", "IN_PROGRESS", "SUBMITTED", "IN_REVIEW", "APPROVED", "CHANGES_REQUESTED"] as const;
export type AnnotationStatus = (typeof STATUSES)[number];

export const WORKFLOW_ACTIONS = ["submit", "start_review", "approve", "request_changes"] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

interface ActionDef {
  from: readonly AnnotationStatus[];
  to: AnnotationStatus;
  /** Who may act: the annotation's own annotator, or anyone with at least this role. */
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

export interface Actor {
  id: number;
  role: Role;
}
export interface AnnotationRef {
  annotatorId: number | null;
  status: AnnotationStatus;
}

const isOwner = (actor: Actor, a: AnnotationRef) => a.annotatorId !== null && a.annotatorId === actor.id;

/** Annotators see their own work and imported pre-fills; researchers and up see everything. */
export function canView(actor: Actor, a: AnnotationRef): boolean {
  return isOwner(actor, a) || a.annotatorId === null || hasRole(actor.role, "RESEARCHER");
}

/**
 * Blind double annotation: an episode's outcome follows its main annotator (the assignee), so
 * once a second annotator works on it, only the assignee and researchers and up may see it.
 */
export function canSeeEpisodeOutcome(actor: Actor, e: { assigneeId: number | null; annotatorCount: number }): boolean {
  return hasRole(actor.role, "RESEARCHER") || e.assigneeId === actor.id || e.annotatorCount <= 1;
}

/**
 * Who may change segments and outcome: the annotator while the work is theirs to do, and leads
 * at any point before approval (reviewers fix small things themselves). Approved work is locked
 * until a reviewer requests changes.
 */
export function canEdit(actor: Actor, a: AnnotationRef): boolean {
  if (a.status === "APPROVED") return false;
  if (hasRole(actor.role, "LEAD")) return true;
  return isOwner(actor, a) && (a.status === "IN_PROGRESS" || a.status === "CHANGES_REQUESTED");
}

export function canAct(actor: Actor, a: AnnotationRef, action: WorkflowAction): boolean {
  // Imported pre-fills are a starting point for annotators, not work under review.
  if (a.annotatorId === null) return false;
  const def = ACTIONS[action];
  if (!def.from.includes(a.status)) return false;
  return (def.owner && isOwner(actor, a)) || hasRole(actor.role, def.role);
}

export function availableActions(actor: Actor, a: AnnotationRef): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((x) => canAct(actor, a, x));
}

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
export function submissionProblems(s: AnnotationSnapshot, lengthFrames: number): string[] {
  const problems = validateSegments(s.segments, lengthFrames, { requireLabels: true });
  if (s.segments.length === 0) problems.push("Mark at least one subtask segment.");
  if (s.outcome === "UNKNOWN") problems.push("Choose the episode's outcome (success, failure or unsure).");
  if (s.outcome === "FAILURE" && !s.failureReason) problems.push("Choose a failure reason.");
  return problems;
}
