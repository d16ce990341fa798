// The one access policy: who may do what to which object. Every rule beyond a route's minimum
// role lives here: ownership, the blind second annotator, assigned work and four-eyes review.
// Pure, so the routes (lib/server/api.ts checks "route"), the services, the list queries (the
// *Where builders put the same rule into the SQL) and the UI (buttons it offers) all ask the
// same question: can(actor, action, resource).
//
// Four-eyes is a lead setting (lib/settings/annotation-schema.ts, on by default): nobody
// approves their own work. With it on, nobody who saved a version of an annotation (its
// annotator, a lead who fixed it) can start its review or approve it, and nobody who created a
// release, changed its content or submitted it can approve it.
import { ACTIONS, type AnnotationStatus, type WorkflowAction } from "@/lib/annotation/workflow";
import { RELEASE_ACTIONS, type ReleaseAction } from "@/lib/releases/workflow";
import { forbidden, notFound } from "@/lib/server/errors";
import { hasRole, type Role } from "./roles";

export interface Actor {
  id: number;
  role: Role;
}

/** The facts about an object that the rules read. */
export interface AnnotationFacts {
  annotatorId: number | null;
  status: AnnotationStatus;
}
interface OwnedFacts {
  /** Who made it; null for objects made by the system (imports, the demo), which any holder of the role may manage. */
  createdById: number | null;
}
interface ReleaseFacts extends OwnedFacts {
  status: string;
}
/** Who made the work under review: for four-eyes, none of them may approve it. */
interface ContributorFacts {
  /** Authors of the annotation's saved versions, or who created, changed the content of or submitted the release. */
  contributorIds: readonly number[];
  fourEyes: boolean;
}

interface Resources {
  /** A route's minimum role (withApi `auth`). */
  route: { required: Role };
  "annotation.view": AnnotationFacts;
  "annotation.edit": AnnotationFacts;
  "annotation.act": AnnotationFacts & ContributorFacts & { action: WorkflowAction };
  /** An episode's outcome and the outcome filter/sort: hidden from a second (blind) annotator. */
  "episode.outcome.view": { assigneeId: number | null; annotatorCount: number };
  /** Shift a camera's offset: the episode's annotator, researchers and up. */
  "episode.cameras.edit": { assigneeId: number | null };
  /** Mark a review comment resolved: its author, the annotation's annotator, leads. */
  "comment.resolve": { authorId: number | null; annotatorId: number | null };
  /** Everyone's labels and segment lengths for a task (annotators get their own and imported ones). */
  "task.labels.all": Record<string, never>;
  "release.edit": ReleaseFacts;
  "release.delete": ReleaseFacts;
  "release.act": ReleaseFacts & ContributorFacts & { action: ReleaseAction };
  /** Rename, cancel, resume or delete a model run. */
  "run.manage": OwnedFacts;
  /** Change or delete a model endpoint (it holds an API key). */
  "endpoint.manage": OwnedFacts;
  /** Cancel or resume an export. */
  "export.manage": OwnedFacts;
}
export type PolicyAction = keyof Resources;

/** Allowed, or refused with the sentence the user reads. `hide`: answer as if the object did not exist (404). */
export type Decision = { ok: true } | { ok: false; reason: string; hide?: boolean };

const ALLOW: Decision = { ok: true };
const deny = (reason: string, hide = false): Decision => ({ ok: false, reason, hide });
const isOwner = (actor: Actor, ownerId: number | null) => ownerId !== null && ownerId === actor.id;
/** The maker, a lead, or anyone with the route's role when the system made it. */
const makerOrLead = (actor: Actor, o: OwnedFacts, what: string): Decision =>
  o.createdById === null || isOwner(actor, o.createdById) || hasRole(actor.role, "LEAD") ? ALLOW : deny(`Only the ${what}'s creator or a lead can change it.`);

const RULES: { [A in PolicyAction]: (actor: Actor, r: Resources[A]) => Decision } = {
  route: (actor, r) => (hasRole(actor.role, r.required) ? ALLOW : deny("Your role does not allow this.")),

  // Annotators see their own work and imported pre-fills; researchers and up see everything.
  "annotation.view": (actor, a) =>
    isOwner(actor, a.annotatorId) || a.annotatorId === null || hasRole(actor.role, "RESEARCHER") ? ALLOW : deny("Not your annotation.", true),

  // The annotator while the work is theirs to do; leads at any point before approval (reviewers
  // fix small things themselves). Approved work is locked until a reviewer requests changes.
  "annotation.edit": (actor, a) => {
    if (a.status === "APPROVED") return deny("This annotation is approved and locked. A reviewer can request changes to reopen it.");
    if (hasRole(actor.role, "LEAD")) return ALLOW;
    if (isOwner(actor, a.annotatorId) && (a.status === "IN_PROGRESS" || a.status === "CHANGES_REQUESTED")) return ALLOW;
    return deny("You cannot edit this annotation in its current state.");
  },

  "annotation.act": (actor, a) => {
    const def = ACTIONS[a.action];
    // Imported pre-fills are a starting point for annotators, not work under review.
    if (a.annotatorId === null) return deny("Imported pre-fills are not reviewed.");
    if (!def.from.includes(a.status)) return deny(`"${def.label}" is not open for an annotation that is ${a.status.toLowerCase().replace("_", " ")}.`);
    const own = isOwner(actor, a.annotatorId);
    if (a.fourEyes && (own || a.contributorIds.includes(actor.id)) && (a.action === "approve" || a.action === "start_review")) {
      return deny(own ? "Four-eyes review is on: someone else has to review your own work." : "Four-eyes review is on: you changed this annotation, so someone else reviews it.");
    }
    return (def.owner && own) || hasRole(actor.role, def.role) ? ALLOW : deny(`Your role does not allow "${def.label}" on this annotation.`);
  },

  // Blind double annotation: the outcome follows the main annotator (the assignee), so once a
  // second annotator works on an episode only the assignee and researchers and up see it.
  "episode.outcome.view": (actor, e) =>
    hasRole(actor.role, "RESEARCHER") || e.assigneeId === actor.id || e.annotatorCount <= 1 ? ALLOW : deny("Blind double annotation hides this episode's outcome."),

  "episode.cameras.edit": (actor, e) =>
    hasRole(actor.role, "RESEARCHER") || isOwner(actor, e.assigneeId) ? ALLOW : deny("Only the episode's annotator, a researcher or a lead can shift its cameras."),

  "comment.resolve": (actor, c) =>
    isOwner(actor, c.authorId) || isOwner(actor, c.annotatorId) || hasRole(actor.role, "LEAD") ? ALLOW : deny("Only the comment's author, the annotator or a lead can resolve it."),

  "task.labels.all": (actor) => (hasRole(actor.role, "RESEARCHER") ? ALLOW : deny("Annotators see their own labels.")),

  "release.edit": (actor, r) => makerOrLead(actor, r, "release"),

  "release.delete": (actor, r) => {
    if (r.status === "PUBLISHED") return deny("A published release cannot be deleted.");
    if (r.status !== "DRAFT") return hasRole(actor.role, "LEAD") ? ALLOW : deny("Only a lead may delete a release that is in review or approved.");
    return makerOrLead(actor, r, "release");
  },

  "release.act": (actor, r) => {
    const def = RELEASE_ACTIONS[r.action];
    if (!hasRole(actor.role, def.role)) return deny(`Only a ${def.role.toLowerCase()} may ${def.label.toLowerCase()} a release.`);
    if (r.action === "submit") return makerOrLead(actor, r, "release");
    if (r.action === "approve" && r.fourEyes && (isOwner(actor, r.createdById) || r.contributorIds.includes(actor.id))) {
      return deny(isOwner(actor, r.createdById) ? "Four-eyes review is on: another lead has to approve a release you created." : "Four-eyes review is on: you changed or submitted this release, so another lead approves it.");
    }
    return ALLOW;
  },

  "run.manage": (actor, r) => makerOrLead(actor, r, "run"),
  "endpoint.manage": (actor, r) => makerOrLead(actor, r, "endpoint"),
  "export.manage": (actor, r) => makerOrLead(actor, r, "export"),
};

export function decide<A extends PolicyAction>(actor: Actor, action: A, resource: Resources[A]): Decision {
  return RULES[action](actor, resource);
}

export function can<A extends PolicyAction>(actor: Actor, action: A, resource: Resources[A]): boolean {
  return decide(actor, action, resource).ok;
}

/**
 * For services: throws 403 with the rule's reason, or 404 naming `what` when the rule hides the
 * object (an annotator gets no hint that a colleague's annotation exists).
 */
export function authorize<A extends PolicyAction>(actor: Actor, action: A, resource: Resources[A], what = "It"): void {
  const d = decide(actor, action, resource);
  if (d.ok) return;
  throw d.hide ? notFound(what) : forbidden(d.reason);
}

// --- The same rules as SQL filters, for list queries ---------------------------------------

/** Annotations the actor may see (annotation.view), as a Prisma `where` on Annotation. */
export function visibleAnnotationsWhere(actor: Actor): { OR?: Array<{ annotatorId: number | null }> } {
  return hasRole(actor.role, "RESEARCHER") ? {} : { OR: [{ annotatorId: actor.id }, { annotatorId: null }] };
}

/** Whose labels the actor's label statistics draw on: everyone's (null) or their own and imported ones. */
export function labelAuthorScope(actor: Actor): number | null {
  return can(actor, "task.labels.all", {}) ? null : actor.id;
}

/** Whether the actor reads outcomes through the blind-annotation filter (episode.outcome.view decides per episode). */
export function seesOutcomesBlind(actor: Actor): boolean {
  return !can(actor, "episode.outcome.view", { assigneeId: null, annotatorCount: 2 });
}

/** The workflow actions the UI offers on an annotation. */
export function annotationActions(actor: Actor, a: AnnotationFacts & ContributorFacts): WorkflowAction[] {
  return (Object.keys(ACTIONS) as WorkflowAction[]).filter((action) => can(actor, "annotation.act", { ...a, action }));
}

/** The release actions the UI offers. */
export function releaseActions(actor: Actor, r: ReleaseFacts & ContributorFacts): ReleaseAction[] {
  return (Object.keys(RELEASE_ACTIONS) as ReleaseAction[]).filter(
    (action) => (RELEASE_ACTIONS[action].from as readonly string[]).includes(r.status) && can(actor, "release.act", { ...r, action }),
  );
}

/** Audit actions that make someone a release's contributor (four-eyes): creating it, changing its content, submitting it. */
export function releaseContributors(history: ReadonlyArray<{ action: string; actorId: number | null; fields?: readonly string[] | null }>): number[] {
  const ids = new Set<number>();
  for (const h of history) {
    const content = h.action === "release.update" && (h.fields ?? []).some((f) => f === "filters" || f === "splitConfig");
    if (h.actorId !== null && (h.action === "release.create" || h.action === "release.submit" || content)) ids.add(h.actorId);
  }
  return [...ids];
}
