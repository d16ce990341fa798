import { z } from "zod";
import { withApi, json } from "@/lib/server/api";
import { ZImportJobListResponse, ZStartImportResponse } from "@/lib/contract/imports";
import { listImportJobs, startImport } from "@/lib/imports/run-import";

const ZStartImportSchema = z.object({
  path: z.string().trim().min(1, "Choose a dataset folder or manifest.").max(1000),
  kind: z.enum(["LEROBOT_V3", "LEROBOT_V21", "AGIBOT", "MANIFEST"]).optional(),
  environment: z.string().trim().min(1).max(100).optional(),
});

export const GET = withApi({ auth: "RESEARCHER", schemas: { response: ZImportJobListResponse }, handler: async () => ({ items: await listImportJobs() }) });

export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { body: ZStartImportSchema, response: ZStartImportResponse },
  handler: async ({ body, user, requestId }) => json({ job: await startImport({ actor: user, requestId, ...body }) }, 202),
});
