// Shared fixtures of the annotation-workflow integration tests: the demo users signed in, extra
// annotators, a small world (environment, task, source, episodes) and snapshot builders.
import { expect } from "vitest";
import { db } from "@/lib/db";
import { createSession, SESSION_COOKIE } from "@/lib/auth/session";
import { seedUsers } from "@/prisma/seed/users";
import type { Role } from "@/lib/auth/roles";
import type { AnnotationSnapshot, SegmentDraft } from "@/lib/annotation/types";
import { POST as claimRoute } from "@/app/api/episodes/[id]/claim/route";
import { PUT as putAnnotationRoute } from "@/app/api/annotations/[id]/route";
import { POST as transitionRoute } from "@/app/api/annotations/[id]/transitions/route";
import { call } from "./helpers";

// ---------------------------------------------------------------------------------------------
// Fixtures

export interface Person {
  id: number;
  name: string;
  cookie: string;
}

const sessionCookie = async (userId: number) => `${SESSION_COOKIE}=${(await createSession(userId)).token}`;

/** The demo users (one per role), each signed in. */
export async function people(): Promise<Record<Role, Person>> {
  const ids = await seedUsers();
  const out = {} as Record<Role, Person>;
  for (const [role, id] of ids) {
    const u = await db.user.findUniqueOrThrow({ where: { id } });
    out[role] = { id, name: u.name, cookie: await sessionCookie(id) };
  }
  return out;
}

/** An extra signed-in user (an annotator unless told). Nobody signs in with a password here, so the hash is a placeholder. */
export async function annotator(name: string, role: Role = "ANNOTATOR"): Promise<Person> {
  const email = `${name.toLowerCase().replace(/\W+/g, ".")}@test.local`;
  const u = await db.user.create({ data: { email, name, role, passwordHash: "unused-in-these-tests" } });
  return { id: u.id, name, cookie: await sessionCookie(u.id) };
}

/** One environment, one task, one source; episodes are added with `episodes()`. */
export async function world() {
  const environment = await db.environment.create({ data: { slug: "kitchen", name: "Kitchen" } });
  const task = await db.task.create({ data: { environmentId: environment.id, key: "wipe-table", instruction: "Wipe the table" } });
  const source = await db.source.create({ data: { kind: "MANIFEST", uri: "/data/kitchen", name: "kitchen" } });
  let n = 0;
  const episodes = async (count: number, lengthFrames = 300, taskId = task.id) => {
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      const e = await db.episode.create({
        data: { sourceId: source.id, sourceKey: `ep-${n++}`, environmentId: environment.id, taskId, lengthFrames, fps: 30 },
      });
      out.push(e.id);
    }
    return out;
  };
  return { environment, task, source, episodes };
}

export const seg = (key: string, startFrame: number, endFrame: number, label: string): SegmentDraft => ({ key, startFrame, endFrame, label });
export const snap = (segments: SegmentDraft[], over: Partial<AnnotationSnapshot> = {}): AnnotationSnapshot => ({
  segments,
  outcome: "SUCCESS",
  failureReason: null,
  note: "",
  qualityFlags: [],
  ...over,
});

/** Status and JSON body in one go, so a failing assertion shows the problem detail too. */
export async function read(res: Response | Promise<Response>): Promise<{ status: number; type: string; body: any }> {
  const r = await res;
  const text = await r.text();
  return { status: r.status, type: r.headers.get("content-type") ?? "", body: text ? JSON.parse(text) : null };
}


/** Fails loudly (with the problem detail) unless the answer has this status. */
export function expectStatus(r: { status: number; body: unknown }, status: number) {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
}

// ---------------------------------------------------------------------------------------------
// The workflow's routes, called as a person

export const idParam = (n: number) => ({ id: String(n) });

/** `p` claims the episode (POST /api/episodes/<id>/claim). */
export const claimEpisode = (p: Person, episodeId: number) =>
  read(call(claimRoute as never, { method: "POST", url: `/api/episodes/${episodeId}/claim`, params: idParam(episodeId), cookie: p.cookie }));

/** `p` saves a snapshot over `baseVersion` (PUT /api/annotations/<id>). */
export const saveAnnotation = (p: Person, annId: number, snapshot: AnnotationSnapshot, baseVersion = 1) =>
  read(call(putAnnotationRoute as never, { method: "PUT", url: `/api/annotations/${annId}`, params: idParam(annId), body: { baseVersion, snapshot }, cookie: p.cookie }));

/** `p` takes a workflow step (POST /api/annotations/<id>/transitions), with a comment if given. */
export const transition = (p: Person, annId: number, action: string, comment?: string) =>
  read(call(transitionRoute as never, { method: "POST", url: `/api/annotations/${annId}/transitions`, params: idParam(annId), body: comment === undefined ? { action } : { action, comment }, cookie: p.cookie }));
