import { z } from "zod";
import { withApi, json } from "@/lib/server/api";
import { createFirstAdmin, hasAdmin, ZEmailSchema, ZPasswordSchema } from "@/lib/users/users";

const ZSetupSchema = z.object({ email: ZEmailSchema, name: z.string().trim().min(1).max(100), password: ZPasswordSchema });

export const GET = withApi({ auth: "public", handler: async () => ({ needsSetup: !(await hasAdmin()) }) });

export const POST = withApi({
  auth: "public",
  schemas: { body: ZSetupSchema },
  handler: async ({ body }) => json({ user: await createFirstAdmin(body) }, 201),
});
