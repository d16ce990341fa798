// The release workflow as data: who may move a release from which status to which. Pure, so the
// server enforces exactly what the release page offers.
//
//   DRAFT → IN_REVIEW (submit: freezes the snapshot) → APPROVED → PUBLISHED
//   a lead may return a release in review or approved to DRAFT (the snapshot is dropped).
import { hasRole, type Role } from "@/lib/auth/roles";

export const RELEASE_STATUSES = ["DRAFT", "IN_REVIEW", "APPROVED", "PUBLISHED"] as const;
export type ReleaseStatus = (typeof RELEASE_STATUSES)[number];

export const RELEASE_ACTIONS = {
  submit: { from: ["DRAFT"], to: "IN_REVIEW", role: "RESEARCHER", label: "Submit for review" },
  approve: { from: ["IN_REVIEW"], to: "APPROVED", role: "LEAD", label: "Approve" },
  publish: { from: ["APPROVED"], to: "PUBLISHED", role: "LEAD", label: "Publish" },
  return: { from: ["IN_REVIEW", "APPROVED"], to: "DRAFT", role: "LEAD", label: "Return to draft" },
} as const satisfies Record<string, { from: readonly ReleaseStatus[]; to: ReleaseStatus; role: Role; label: string }>;
export type ReleaseAction = keyof typeof RELEASE_ACTIONS;
export const RELEASE_ACTION_NAMES = Object.keys(RELEASE_ACTIONS) as [ReleaseAction, ...ReleaseAction[]];

export const RELEASE_STATUS_LABEL: Record<ReleaseStatus, string> = { DRAFT: "Draft", IN_REVIEW: "In review", APPROVED: "Approved", PUBLISHED: "Published" };

/** Actions open to this role on a release in this status, in workflow order. */
export function releaseActionsFor(status: string, role: Role): ReleaseAction[] {
  return RELEASE_ACTION_NAMES.filter((a) => (RELEASE_ACTIONS[a].from as readonly string[]).includes(status) && hasRole(role, RELEASE_ACTIONS[a].role));
}

/** Content (definition and splits) can change only while the release is a draft. */
export const isEditable = (status: string) => status === "DRAFT";
/** Notes can change until the release is published. */
export const notesEditable = (status: string) => status !== "PUBLISHED";
