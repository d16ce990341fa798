import { z } from "zod";
import { withApi, json } from "@/lib/server/api";
import { createUser, listUsers, ZEmailSchema, ZPasswordSchema, ZRoleSchema } from "@/lib/users/users";
import { ZUserListResponse, ZUserResponse } from "@/lib/contract/users";

const ZCreateUserSchema = z.object({
  email: ZEmailSchema,
  name: z.string().trim().min(1, "Enter a name.").max(100),
  role: ZRoleSchema,
  password: ZPasswordSchema,
});

export const GET = withApi({ auth: "ADMIN", schemas: { response: ZUserListResponse }, handler: async () => ({ items: await listUsers() }) });

export const POST = withApi({
  auth: "ADMIN",
  schemas: { body: ZCreateUserSchema, response: ZUserResponse },
  handler: async ({ body, user, requestId }) => json({ user: await createUser({ actor: user, requestId, ...body }) }, 201),
});
