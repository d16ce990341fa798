// What the dataset-import routes answer (app/api/imports/**), as lib/imports/run-import.ts and
// lib/imports/list-candidates.ts build it.
import { z } from "zod";
import { int, ZJobStatus, ZSourceKind, zWireDate } from "./common";

const ZUserRef = z.strictObject({ id: int(), name: z.string() });

/** A problem found while reading a dataset (lib/import/types.ts ImportProblem). */
export const ZImportProblem = z.strictObject({
  /** Path relative to the dataset root. */
  file: z.string(),
  line: int().optional(),
  episode: z.string().optional(),
  reason: z.string(),
});
export type ImportProblemView = z.infer<typeof ZImportProblem>;

/** An import_jobs row with who started it. */
export const ZImportJob = z.strictObject({
  id: int(),
  kind: ZSourceKind,
  /** The dataset folder or manifest, resolved inside an import root. */
  sourceUri: z.string(),
  status: ZJobStatus,
  /** The stage and its counts while running; the summary when done (open JSON, differs per stage). */
  progress: z.record(z.string(), z.unknown()),
  errors: z.array(ZImportProblem),
  createdById: int().nullable(),
  createdAt: zWireDate,
  startedAt: zWireDate.nullable(),
  finishedAt: zWireDate.nullable(),
  createdBy: ZUserRef.nullable(),
});
export type ImportJob = z.infer<typeof ZImportJob>;

/** GET /api/imports */
export const ZImportJobListResponse = z.strictObject({ items: z.array(ZImportJob) });
export type ImportJobListResponse = z.infer<typeof ZImportJobListResponse>;

/** GET /api/imports/<id> */
export const ZImportJobResponse = z.strictObject({ job: ZImportJob });
export type ImportJobResponse = z.infer<typeof ZImportJobResponse>;

/** POST /api/imports (202): the queued job, as created (without `createdBy`). */
export const ZStartImportResponse = z.strictObject({ job: ZImportJob.omit({ createdBy: true }) });
export type StartImportResponse = z.infer<typeof ZStartImportResponse>;

/** A dataset folder or manifest found in an import root, with the kind it would import as. */
export const ZImportSource = z.strictObject({ path: z.string(), root: z.string(), kind: ZSourceKind });
export type ImportSource = z.infer<typeof ZImportSource>;

/** GET /api/imports/sources */
export const ZImportSourcesResponse = z.strictObject({ items: z.array(ZImportSource) });
export type ImportSourcesResponse = z.infer<typeof ZImportSourcesResponse>;
