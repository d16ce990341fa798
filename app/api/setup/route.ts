import { z } from "zod";
import { withApi, json } from "@/lib/server/api";
import { createFirstAdmin, hasAdmin, ZEmailSchema, ZPasswordSchema } from "@/lib/users/users";
import { ZSetupResponse, ZSetupStatusResponse } from "@/lib/contract/auth";

const ZSetupSchema = z.object({ email: ZEmailSchema, name: z.string().trim().min(1).max(100), password: ZPasswordSchema });

export const GET = withApi({ auth: "public", schemas: { response: ZSetupStatusResponse }, handler: async () => ({ needsSetup: !(await hasAdmin()) }) });

export const POST = withApi({
  auth: "public",
  schemas: { body: ZSetupSchema, response: ZSetupResponse },
  handler: async ({ body }) => json({ user: await createFirstAdmin(body) }, 201),
});
