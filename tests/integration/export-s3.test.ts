// Exports published to an S3-compatible bucket (tests/fixtures/s3-server.ts: an in-memory bucket
// that checks the SigV4 signature of every request). A finished export is in the bucket file for
// file with the manifest's checksums and its manifest uploaded last; an upload that fails half-way
// leaves no manifest (so nothing in the bucket looks complete) and resumes to the same checksums;
// a server without S3 settings refuses an S3 export up front.
//
// lib/env.ts reads process.env once, when it is first imported, so the app's modules are imported
// only after the S3 settings point at the fake server (hence the dynamic imports below).
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TExportConfigInput } from "@/lib/export/config";
import type { SessionUser } from "@/lib/auth/session";
import { startS3Server, type S3Server } from "@/tests/fixtures/s3-server";

const BUCKET = "training-data";
const PREFIX = "critic/";
const REGION = "eu-west-3";
const CONFIG = { formats: ["primo-rl", "lrm-progress"], queries: { mode: "count", count: 2 }, maxFrames: 4, seed: 7, videoMode: "clip", shardSize: 4 } satisfies TExportConfigInput;

type ManifestFile = { path: string; bytes: number; sha256: string };
type Manifest = { config: { destination: string }; files: ManifestFile[] };

let s3: S3Server;
let app: typeof import("@/lib/export/export-service") & typeof import("@/lib/export/export-job");
let dest: typeof import("@/lib/export/destination");
let db: typeof import("@/lib/db").db;
let lead: SessionUser;
let releaseId: number;

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const folderOf = (exportId: number) => `frame-lab-v1-export-${exportId}`;

/** The objects of one export in the bucket, by path inside the export. */
function exportObjects(exportId: number): Map<string, Buffer> {
  const base = `/${BUCKET}/${PREFIX}exports/${folderOf(exportId)}/`;
  return new Map([...s3.objects].filter(([k]) => k.startsWith(base)).map(([k, v]) => [k.slice(base.length), v]));
}

/** Successful PUTs of one export, in upload order, as paths inside the export. */
function uploads(exportId: number): string[] {
  const base = `/${BUCKET}/${PREFIX}exports/${folderOf(exportId)}/`;
  return s3.requests.filter((r) => r.method === "PUT" && r.status === 200 && r.key.startsWith(base)).map((r) => r.key.slice(base.length));
}

async function runExport(destination: "local" | "s3") {
  const e = await app.startExport({ user: lead, releaseId, config: { ...CONFIG, destination }, enqueueJobs: false });
  // A failed step records FAILED on the export and rethrows; the export's row is what a user sees.
  await app.runExportInProcess([{ exportId: e.id, step: "plan" }]).catch(() => {});
  return app.getExport(e.id);
}

/** The bucket holds exactly the manifest's files (and the manifest), each with its checksum and size. */
function expectBucketMatches(exportId: number, manifestText: string) {
  const manifest = JSON.parse(manifestText) as Manifest;
  const objects = exportObjects(exportId);
  expect([...objects.keys()].sort()).toEqual([...manifest.files.map((f) => f.path), "manifest.json"].sort());
  for (const f of manifest.files) {
    const body = objects.get(f.path)!;
    expect({ path: f.path, bytes: body.length, sha256: sha256(body) }).toEqual(f);
  }
  expect(objects.get("manifest.json")!.toString("utf8")).toBe(manifestText);
}

/** Points the S3 settings at the fake bucket (read by lib/env.ts when it is imported). */
function configureS3() {
  const settings = { S3_ENDPOINT: s3.endpoint, S3_BUCKET: BUCKET, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, S3_PREFIX: PREFIX, S3_REGION: REGION };
  for (const [name, value] of Object.entries(settings)) vi.stubEnv(name, value);
}

beforeAll(async () => {
  s3 = await startS3Server({ accessKeyId: "export-key", secretAccessKey: "export-secret", region: REGION });
  configureS3();
  app = { ...(await import("@/lib/export/export-service")), ...(await import("@/lib/export/export-job")) };
  dest = await import("@/lib/export/destination");
  db = (await import("@/lib/db")).db;
  const { resetDb } = await import("./helpers");
  const { importFrameLab, publishFrameLab, seededUsers } = await import("@/tests/fixtures/frame-lab-release");

  await resetDb();
  const users = await seededUsers();
  lead = users.lead;
  rmSync(dest.exportsRoot(), { recursive: true, force: true });
  await importFrameLab(`export-s3-${process.pid}`);
  releaseId = await publishFrameLab(users);
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await s3?.stop();
});

let reference: Manifest;

describe("an export to S3", () => {
  it("uploads every file with the manifest's checksums, the manifest last, and leaves no staging folder", async () => {
    const before = s3.requests.length;
    const done = await runExport("s3");
    expect(done.status, done.error ?? "").toBe("SUCCEEDED");
    expect(done.outputUri).toBe(`s3://${BUCKET}/${PREFIX}exports/${folderOf(done.id)}`);

    const { text } = await app.readManifest(done.id);
    const manifest = JSON.parse(text) as Manifest;
    expect(manifest.files.length).toBeGreaterThan(10);
    expectBucketMatches(done.id, text);
    // Each file once, the manifest last: a manifest in the bucket means the rest is there.
    const order = uploads(done.id);
    expect(order.length).toBe(manifest.files.length + 1);
    expect(order.at(-1)).toBe("manifest.json");
    // Every request of the export reached the bucket signed; readManifest read it from there.
    expect(s3.unsigned).toEqual([]);
    expect(s3.requests.slice(before).filter((r) => r.method === "GET").map((r) => r.key)).toEqual([`/${BUCKET}/${PREFIX}exports/${folderOf(done.id)}/manifest.json`]);
    // Nothing is left on this server: no staging folder, no local copy.
    expect(existsSync(app.stagingDir(done.id))).toBe(false);
    expect(existsSync(path.join(dest.exportsRoot(), folderOf(done.id)))).toBe(false);

    // The same export to the local folder has the same files with the same checksums; the
    // manifests differ only in the destination they record (the manifest holds the config).
    const local = await runExport("local");
    expect(local.status, local.error ?? "").toBe("SUCCEEDED");
    const localText = readFileSync(path.join(local.outputUri!.slice("local:".length), "manifest.json"), "utf8");
    const localManifest = JSON.parse(localText) as Manifest;
    expect(localManifest.files).toEqual(manifest.files);
    expect([manifest.config.destination, localManifest.config.destination]).toEqual(["s3", "local"]);
    expect(text.split('"destination": "s3"').length).toBe(2);
    expect(text.replace('"destination": "s3"', '"destination": "local"')).toBe(localText);
    reference = manifest;
  });

  it("retries a file the bucket refused once, and finishes", async () => {
    expect(reference, "needs the first test's manifest").toBeDefined();
    const before = s3.requests.filter((r) => r.status === 500).length;
    const flaky = reference.files[Math.floor(reference.files.length / 3)]!.path;
    s3.failPutOf(`/${flaky}`, 1);
    const done = await runExport("s3");
    expect(done.status, done.error ?? "").toBe("SUCCEEDED");
    const refused = s3.requests.filter((r) => r.status === 500).slice(before);
    expect(refused.length).toBe(1);
    // The same file went up again right after, with its full content.
    const retried = s3.requests.filter((r) => r.key === refused[0]!.key);
    expect(retried.map((r) => r.status)).toEqual([500, 200]);
    expectBucketMatches(done.id, (await app.readManifest(done.id)).text);
  });

  it("whose upload keeps failing half-way leaves no manifest in the bucket, and resumes to the same checksums", async () => {
    expect(reference, "needs the first test's manifest").toBeDefined();
    const broken = reference.files[Math.floor(reference.files.length / 2)]!.path;
    const before = s3.requests.filter((r) => r.status === 500).length;
    // Every attempt at that file is refused.
    const { S3_UPLOAD_ATTEMPTS } = await import("@/lib/media/storage");
    s3.failPutOf(`/${broken}`, S3_UPLOAD_ATTEMPTS);
    const failed = await runExport("s3");
    expect(failed.status).toBe("FAILED");
    const refused = s3.requests.filter((r) => r.status === 500).slice(before);
    expect(refused.length).toBe(S3_UPLOAD_ATTEMPTS);
    expect(new Set(refused.map((r) => r.key)).size).toBe(1);
    const refusedPath = refused[0]!.key.slice(`/${BUCKET}/${PREFIX}exports/${folderOf(failed.id)}/`.length);
    expect(reference.files.map((f) => f.path)).toContain(refusedPath);
    expect(failed.error).toContain(`Uploading ${refusedPath} to S3 failed: HTTP 500`);
    expect(failed.outputUri).toBeNull();
    // Some files went up before the failure, but no manifest: nothing looks complete.
    expect(refusedPath).toBe(broken);
    expect(exportObjects(failed.id).has(broken)).toBe(false);
    expect(exportObjects(failed.id).size).toBeLessThan(reference.files.length);
    expect(exportObjects(failed.id).has("manifest.json")).toBe(false);
    await expect(app.readManifest(failed.id)).rejects.toThrow(/has not finished/);

    const { steps } = await app.resumeExport({ user: lead, id: failed.id, enqueueJobs: false });
    expect(steps).toEqual([{ exportId: failed.id, step: "finalize" }]);
    await app.runExportInProcess(steps);
    const done = await app.getExport(failed.id);
    expect(done.status, done.error ?? "").toBe("SUCCEEDED");
    expect(done.outputUri).toBe(`s3://${BUCKET}/${PREFIX}exports/${folderOf(done.id)}`);
    const { text } = await app.readManifest(done.id);
    expect((JSON.parse(text) as Manifest).files).toEqual(reference.files);
    expectBucketMatches(done.id, text);
    expect(uploads(done.id).at(-1)).toBe("manifest.json");
    expect(existsSync(app.stagingDir(done.id))).toBe(false);
    expect(s3.unsigned).toEqual([]);
  });
});

describe("an export to S3 on a server without S3 settings", () => {
  it.each([
    ["none of the settings", ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]],
    ["no secret key", ["S3_SECRET_ACCESS_KEY"]],
  ])("is refused before anything is queued (%s)", async (_name, unset) => {
    configureS3();
    for (const name of unset) vi.stubEnv(name, undefined);
    // A fresh lib/env reads the changed environment (the database client stays the same).
    vi.resetModules();
    const fresh = await import("@/lib/export/export-service");
    const jobs = await db.exportJob.count();
    const err = await fresh.startExport({ user: lead, releaseId, config: { ...CONFIG, destination: "s3" }, enqueueJobs: false }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ kind: "validation", invalidParams: [{ name: "config.destination", reason: expect.stringContaining("S3 is not configured") }] });
    const reason = (err as { invalidParams: { reason: string }[] }).invalidParams[0]!.reason;
    for (const name of ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"]) expect(reason).toContain(name);
    expect(await db.exportJob.count()).toBe(jobs);
    // The local folder still works on that server.
    await expect(fresh.startExport({ user: lead, releaseId, config: { ...CONFIG, destination: "local" }, enqueueJobs: false })).resolves.toMatchObject({ status: "QUEUED" });
  });
});

describe("getting a finished export off the server", () => {
  /** Every entry of a tar, by path, with its bytes (tar-stream's extract). */
  async function untar(bytes: Buffer): Promise<Map<string, Buffer>> {
    const tar = (await import("tar-stream")).default;
    const ex = tar.extract();
    const out = new Map<string, Buffer>();
    const done = (async () => {
      for await (const entry of ex) {
        const chunks: Buffer[] = [];
        for await (const c of entry) chunks.push(c as Buffer);
        out.set(entry.header.name, Buffer.concat(chunks));
      }
    })();
    ex.end(bytes);
    await done;
    return out;
  }

  it("streams a local export as one tar per format, each file exactly as the manifest has it", async () => {
    const local = await runExport("local");
    expect(local.status, local.error ?? "").toBe("SUCCEEDED");
    const { call, signedInCookies } = await import("./helpers");
    const { GET } = await import("@/app/api/exports/[id]/download/route");
    const cookie = (await signedInCookies()).RESEARCHER;
    const manifestText = (await app.readManifest(local.id)).text;
    const manifest = JSON.parse(manifestText) as Manifest;
    const root = `frame-lab-v1-export-${local.id}`;

    const res = await call(GET as never, { url: `/api/exports/${local.id}/download?format=lrm-progress`, params: { id: String(local.id) }, cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-tar");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${root}-lrm-progress.tar"`);
    const files = await untar(Buffer.from(await res.arrayBuffer()));
    // Its own folder and what the formats share; nothing of the other format.
    const wanted = manifest.files.filter((f) => !f.path.startsWith("primo-rl/"));
    expect([...files.keys()].sort()).toEqual([...wanted.map((f) => `${root}-lrm-progress/${f.path}`), `${root}-lrm-progress/manifest.json`].sort());
    expect(wanted.some((f) => f.path.startsWith("lrm-progress/"))).toBe(true);
    for (const f of wanted) expect({ path: f.path, bytes: files.get(`${root}-lrm-progress/${f.path}`)!.length, sha256: sha256(files.get(`${root}-lrm-progress/${f.path}`)!) }).toEqual(f);
    expect(files.get(`${root}-lrm-progress/manifest.json`)!.toString("utf8")).toBe(manifestText);

    // Everything at once holds every file.
    const all = await untar(Buffer.from(await (await call(GET as never, { url: `/api/exports/${local.id}/download`, params: { id: String(local.id) }, cookie })).arrayBuffer()));
    expect(all.size).toBe(manifest.files.length + 1);
    // A format the export does not have is refused; a local export's links point at its tar.
    expect((await call(GET as never, { url: `/api/exports/${local.id}/download?format=verl`, params: { id: String(local.id) }, cookie })).status).toBe(400);
    const dl = await import("@/lib/export/download");
    const links = await dl.exportLinks(local.id, "lrm-progress");
    expect(links).toMatchObject({ destination: "local", expiresAt: null, tar: `/api/exports/${local.id}/download?format=lrm-progress` });
    expect(links.files.map(({ path, bytes, sha256 }) => ({ path, bytes, sha256 })).slice(0, -1)).toEqual(wanted);
    expect(links.files.every((f) => f.url === null)).toBe(true);
  });

  it("gives pre-signed links to an export in S3 that fetch each file, unsigned, exactly as the manifest has it", async () => {
    // The refusal tests above took the settings away: put them back and read them afresh.
    configureS3();
    vi.resetModules();
    const done = await runExport("s3");
    expect(done.status, done.error ?? "").toBe("SUCCEEDED");
    const dl = await import("@/lib/export/download");
    const links = await dl.exportLinks(done.id, "primo-rl");
    const manifest = JSON.parse((await app.readManifest(done.id)).text) as Manifest;
    expect(links.files.map((f) => f.path).sort()).toEqual([...manifest.files.filter((f) => !f.path.startsWith("lrm-progress/")).map((f) => f.path), "manifest.json"].sort());
    expect(links.destination).toBe("s3");
    expect(links.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    for (const f of links.files) {
      expect(f.url).toContain("X-Amz-Signature=");
      const r = await fetch(f.url!);
      expect(r.status, f.path).toBe(200);
      const b = Buffer.from(await r.arrayBuffer());
      expect({ bytes: b.length, sha256: sha256(b) }).toEqual({ bytes: f.bytes, sha256: f.sha256 });
    }
    // A link altered to point elsewhere fails the signature check.
    const tampered = links.files[0]!.url!.replace(/\/[^/?]+\?/, "/other-file?");
    expect((await fetch(tampered)).status).toBe(403);
    await expect(dl.exportTar(done.id)).rejects.toThrow(/pre-signed links/);
  });
});
