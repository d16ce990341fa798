import { z } from "zod";
import { withApi } from "@/lib/server/api";
import { ZIdParamSchema } from "@/lib/server/schemas";
import { updateUser, ZPasswordSchema, ZRoleSchema } from "@/lib/users/users";
import { ZUserResponse } from "@/lib/contract/users";

const ZUpdateUserSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    role: ZRoleSchema.optional(),
    disabled: z.boolean().optional(),
    password: ZPasswordSchema.optional(),
  })
  .strict();

export const PATCH = withApi({
  auth: "ADMIN",
  schemas: { params: ZIdParamSchema, body: ZUpdateUserSchema, response: ZUserResponse },
  handler: async ({ params, body, user, requestId }) => ({ user: await updateUser({ actor: user, id: params.id, patch: body, requestId }) }),
});
