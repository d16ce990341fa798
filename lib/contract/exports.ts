// What the export routes answer (app/api/exports/**, app/api/releases/<id>/exports/**), as
// lib/export/export-service.ts builds it. The finished manifest is a file download (binary).
import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/export/formats/ids";
import { int, ZJobStatus, ZReleaseStatus, zWireDate } from "./common";

const ZUserRef = z.strictObject({ id: int(), name: z.string() });

export const ZExportFormat = z.enum(EXPORT_FORMATS);
/** PLAN → MEDIA → RECORDS → FINALIZE → DONE (lib/export/export-job.ts). */
export const ZExportPhase = z.enum(["PLAN", "MEDIA", "RECORDS", "FINALIZE", "DONE"]);

/** lib/export/progress.ts ExportProgress, plus the unit waiting to be retried. */
export const ZExportProgress = z.strictObject({
  fraction: z.number().min(0).max(1),
  etaSeconds: int().nullable(),
  stalledSeconds: int().nullable(),
  etaMediaOnly: z.boolean(),
  retrying: z.strictObject({ key: z.string(), error: z.string() }).nullable(),
});
export type ExportProgressView = z.infer<typeof ZExportProgress>;

/** The export_jobs row as both the list and the detail send it. */
const exportJobShape = {
  id: int(),
  releaseId: int(),
  formats: z.array(ZExportFormat),
  /** The validated export configuration as stored (lib/export/config.ts; older exports may lack newer fields). */
  config: z.record(z.string(), z.unknown()),
  seed: int(),
  status: ZJobStatus,
  total: int(),
  done: int(),
  outputUri: z.string().nullable(),
  error: z.string().nullable(),
  phase: ZExportPhase,
  manifestSha256: z.string().nullable(),
  createdById: int().nullable(),
  createdAt: zWireDate,
  startedAt: zWireDate.nullable(),
  finishedAt: zWireDate.nullable(),
  heartbeatAt: zWireDate.nullable(),
  updatedAt: zWireDate,
  createdBy: ZUserRef.nullable(),
  progress: ZExportProgress,
  /** Running, but its worker stopped renewing the heartbeat. */
  stalled: z.boolean(),
};

/** One export in a release's list (listExports). */
export const ZExportSummary = z.strictObject({
  ...exportJobShape,
  release: z.strictObject({ id: int(), name: z.string(), version: int() }),
});
export type ExportSummary = z.infer<typeof ZExportSummary>;

export const ZExportUnitCount = z.strictObject({
  kind: z.enum(["MEDIA", "SHARD"]),
  status: ZJobStatus,
  count: int(),
  samples: int(),
  frames: int(),
});

/** One export with its units (getExport). */
export const ZExportDetail = z.strictObject({
  ...exportJobShape,
  release: z.strictObject({ id: int(), name: z.string(), version: int(), status: ZReleaseStatus }),
  units: z.array(ZExportUnitCount),
  failedUnit: z.strictObject({ key: z.string(), error: z.string().nullable() }).nullable(),
});
export type ExportDetail = z.infer<typeof ZExportDetail>;

/** GET /api/exports/<id>, POST …/cancel, POST …/resume, POST /api/releases/<id>/exports */
export const ZExportResponse = z.strictObject({ export: ZExportDetail });
export type ExportResponse = z.infer<typeof ZExportResponse>;

/** GET /api/releases/<id>/exports */
export const ZExportListResponse = z.strictObject({ exports: z.array(ZExportSummary) });
export type ExportListResponse = z.infer<typeof ZExportListResponse>;

/** What one format would hold for a configuration (lib/export/export-service.ts FormatPreview). */
export const ZFormatPreview = z.strictObject({
  format: ZExportFormat,
  label: z.string(),
  description: z.string(),
  trainer: z.string(),
  groups: z.array(z.strictObject({ group: z.string(), count: int() })),
  total: int(),
  emptyReason: z.string().nullable(),
  problem: z.string().nullable(),
});
export type FormatPreviewView = z.infer<typeof ZFormatPreview>;

/** POST /api/releases/<id>/exports/preview */
export const ZExportPreviewResponse = z.strictObject({ episodes: int(), formats: z.array(ZFormatPreview) });
export type ExportPreviewResponse = z.infer<typeof ZExportPreviewResponse>;

/** GET /api/exports/<id>/links: pre-signed GET links to the export's files in S3 (lib/export/download.ts). */
export const ZExportLinksResponse = z.strictObject({
  destination: z.enum(["local", "s3"]),
  /** When the pre-signed links stop working (S3 only). */
  expiresAt: zWireDate.nullable(),
  /** The tar to download instead (a local export). */
  tar: z.string().nullable(),
  files: z.array(z.strictObject({ path: z.string(), bytes: int(), sha256: z.string(), url: z.string().nullable() })),
});
export type ExportLinksResponse = z.infer<typeof ZExportLinksResponse>;
