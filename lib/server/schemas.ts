// Shared zod fragments for route schemas.
import { z } from "zod";

export const ZIdParamSchema = z.object({ id: z.coerce.number().int().positive() });
export type TIdParam = z.infer<typeof ZIdParamSchema>;

export const ZPagingSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
