// The release workflow as data: who may move a release from which status to which. Pure, so the
// server enforces exactly what the release page offers.
//
//   DRAFT → IN_REVIEW (submit: freezes the snapshot) → APPROVED → PUBLISHED
//   a lead may return a release in review or approved to DRAFT (the snapshot is dropped).
import type { Role } from "@/lib/auth/roles";
import type { ReleaseSplitTag } from "@/lib/export/types";

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

// Who may take which action on which release (role, ownership, four-eyes) is the access
// policy's: lib/auth/policy.ts `releaseActions`.

/** Content (definition and splits) can change only while the release is a draft. */
export const isEditable = (status: string) => status === "DRAFT";
/** Notes (the dataset card's text) can change until the release is approved: approval covers them. */
export const notesEditable = (status: string) => status === "DRAFT" || status === "IN_REVIEW";

// Benchmark split tags (DOMAIN.md §1), in table order, with their names.
export const SPLIT_TAGS: readonly ReleaseSplitTag[] = ["TRAIN", "ID", "OOD_CROSS_TASK", "OOD_CROSS_ENV"];

export const SPLIT_TAG_LABEL: Record<ReleaseSplitTag, string> = {
  TRAIN: "Train",
  ID: "Test · in-domain",
  OOD_CROSS_TASK: "Test · OOD cross-task",
  OOD_CROSS_ENV: "Test · OOD cross-env",
};

/** Column headings for tables of counts. */
export const SPLIT_TAG_SHORT: Record<ReleaseSplitTag, string> = { TRAIN: "Train", ID: "ID test", OOD_CROSS_TASK: "OOD cross-task", OOD_CROSS_ENV: "OOD cross-env" };

