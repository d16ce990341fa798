// Prediction file upload: multipart/form-data (a `file` plus the fields), or the file as the raw
// body with the fields in the query string (handy for curl and scripts; `filename` names the file).
// Binary formats (SARM parquet, .npy arrays) arrive as they are.
import { withApi, zodToInvalidParams } from "@/lib/server/api";
import { tooLarge, validationError } from "@/lib/server/errors";
import { ZImportPredictionsResponse } from "@/lib/contract/runs";
import { importPredictions, MAX_PREDICTION_FILE_BYTES, ZImportPredictionsSchema } from "@/lib/predictions/import-predictions";

export const POST = withApi({
  auth: "RESEARCHER",
  schemas: { response: ZImportPredictionsResponse },
  handler: async ({ req, user, requestId }) => {
    const declared = Number(req.headers.get("content-length") ?? 0);
    if (declared > MAX_PREDICTION_FILE_BYTES + 1_000_000) throw tooLarge(`Prediction files are limited to ${MAX_PREDICTION_FILE_BYTES / 1024 / 1024} MB.`);
    const type = req.headers.get("content-type") ?? "";
    let bytes: Uint8Array;
    let name: string | undefined;
    let raw: Record<string, string>;
    if (type.startsWith("multipart/form-data")) {
      const form = await req.formData().catch(() => {
        throw validationError("The upload could not be read as a form.");
      });
      const file = form.get("file");
      if (!file || typeof file === "string") throw validationError("Attach the prediction file.", [{ name: "file", reason: "Required." }]);
      if (file.size > MAX_PREDICTION_FILE_BYTES) throw tooLarge(`Prediction files are limited to ${MAX_PREDICTION_FILE_BYTES / 1024 / 1024} MB.`);
      bytes = new Uint8Array(await file.arrayBuffer());
      name = file.name || undefined;
      raw = Object.fromEntries([...form.entries()].filter(([k, v]) => k !== "file" && typeof v === "string" && v !== "")) as Record<string, string>;
    } else {
      bytes = new Uint8Array(await req.arrayBuffer());
      if (bytes.byteLength > MAX_PREDICTION_FILE_BYTES) throw tooLarge(`Prediction files are limited to ${MAX_PREDICTION_FILE_BYTES / 1024 / 1024} MB.`);
      const { filename, ...rest } = Object.fromEntries(req.nextUrl.searchParams);
      name = filename || undefined;
      raw = rest;
    }
    const fields = ZImportPredictionsSchema.safeParse(raw);
    if (!fields.success) throw validationError("Some fields are invalid.", zodToInvalidParams(fields.error));
    return importPredictions({ user, fields: fields.data, file: { bytes, name }, requestId });
  },
});
