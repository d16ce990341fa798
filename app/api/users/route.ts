import { z } from "zod";
import { withApi, json } from "@/lib/server/api";
import { createUser, listUsers, ZEmailSchema, ZPasswordSchema, ZRoleSchema } from "@/lib/users/users";

const ZCreateUserSchema = z.object({
  email: ZEmailSchema,
  name: z.string().trim().min(1, "Enter a name.").max(100),
  role: ZRoleSchema,
  password: ZPasswordSchema,
});

export const GET = withApi({ auth: "ADMIN", handler: async () => ({ items: await listUsers() }) });

export const POST = withApi({
  auth: "ADMIN",
  schemas: { body: ZCreateUserSchema },
  handler: async ({ body, user, requestId }) => json({ user: await createUser({ actor: user, requestId, ...body }) }, 201),
});
