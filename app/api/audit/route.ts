import { z } from "zod";
import { zQueryInt } from "@/lib/server/schemas";
import { withApi } from "@/lib/server/api";
import { listAudit } from "@/lib/audit/list-audit";
import { ZAuditListResponse } from "@/lib/contract/system";

const ZAuditQuerySchema = z.object({
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(50).optional(),
  actorId: zQueryInt(z.number().positive()).optional(),
  action: z.string().max(80).optional(),
  before: zQueryInt(z.number().positive()).optional(),
});

export const GET = withApi({ auth: "LEAD", schemas: { query: ZAuditQuerySchema, response: ZAuditListResponse }, handler: ({ query }) => listAudit(query) });
