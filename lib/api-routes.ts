// Every API route module, for the OpenAPI document (lib/openapi.ts), which is built from the
// schemas each route declares with withApi (lib/server/api.ts). tests/integration/contract.test.ts
// fails when a route file is missing here. /api/openapi itself is left out (it imports this file).

import * as r0 from "@/app/api/agreement/route";
import * as r1 from "@/app/api/annotations/[id]/route";
import * as r2 from "@/app/api/annotations/[id]/comments/route";
import * as r3 from "@/app/api/annotations/[id]/restore/route";
import * as r4 from "@/app/api/annotations/[id]/transitions/route";
import * as r5 from "@/app/api/annotations/[id]/versions/route";
import * as r6 from "@/app/api/audit/route";
import * as r7 from "@/app/api/auth/login/route";
import * as r8 from "@/app/api/auth/logout/route";
import * as r9 from "@/app/api/auth/me/route";
import * as r10 from "@/app/api/auth/password/route";
import * as r11 from "@/app/api/comments/[id]/route";
import * as r12 from "@/app/api/endpoints/route";
import * as r13 from "@/app/api/endpoints/[id]/route";
import * as r14 from "@/app/api/endpoints/[id]/test/route";
import * as r15 from "@/app/api/episodes/route";
import * as r16 from "@/app/api/episodes/[id]/route";
import * as r17 from "@/app/api/episodes/[id]/agreement/route";
import * as r18 from "@/app/api/episodes/[id]/assignments/route";
import * as r19 from "@/app/api/episodes/[id]/cameras/[camera]/route";
import * as r20 from "@/app/api/episodes/[id]/claim/route";
import * as r21 from "@/app/api/episodes/[id]/comparison/route";
import * as r22 from "@/app/api/episodes/[id]/frames/[frame]/route";
import * as r23 from "@/app/api/episodes/[id]/poster/route";
import * as r24 from "@/app/api/episodes/assignments/route";
import * as r25 from "@/app/api/episodes/next/route";
import * as r26 from "@/app/api/exports/[id]/route";
import * as r27 from "@/app/api/exports/[id]/cancel/route";
import * as r28 from "@/app/api/exports/[id]/download/route";
import * as r29 from "@/app/api/exports/[id]/links/route";
import * as r30 from "@/app/api/exports/[id]/manifest/route";
import * as r31 from "@/app/api/exports/[id]/resume/route";
import * as r32 from "@/app/api/facets/route";
import * as r33 from "@/app/api/health/route";
import * as r34 from "@/app/api/imports/route";
import * as r35 from "@/app/api/imports/[id]/route";
import * as r36 from "@/app/api/imports/sources/route";
import * as r37 from "@/app/api/leaderboard/route";
import * as r38 from "@/app/api/leaderboard/seen/route";
import * as r39 from "@/app/api/media/videos/[id]/route";
import * as r40 from "@/app/api/predictions/route";
import * as r41 from "@/app/api/predictions/[id]/route";
import * as r42 from "@/app/api/predictions/[id]/review/route";
import * as r43 from "@/app/api/releases/route";
import * as r44 from "@/app/api/releases/[id]/route";
import * as r45 from "@/app/api/releases/[id]/diff/route";
import * as r46 from "@/app/api/releases/[id]/episodes/route";
import * as r47 from "@/app/api/releases/[id]/exports/route";
import * as r48 from "@/app/api/releases/[id]/exports/preview/route";
import * as r49 from "@/app/api/releases/[id]/transitions/route";
import * as r50 from "@/app/api/releases/preview/route";
import * as r51 from "@/app/api/review-queue/route";
import * as r52 from "@/app/api/review-queue/next/route";
import * as r53 from "@/app/api/review-queue/release/route";
import * as r54 from "@/app/api/runs/route";
import * as r55 from "@/app/api/runs/[id]/route";
import * as r56 from "@/app/api/runs/[id]/cancel/route";
import * as r57 from "@/app/api/runs/[id]/report/route";
import * as r58 from "@/app/api/runs/[id]/resume/route";
import * as r59 from "@/app/api/runs/import/route";
import * as r60 from "@/app/api/settings/annotation/route";
import * as r61 from "@/app/api/setup/route";
import * as r62 from "@/app/api/tasks/route";
import * as r63 from "@/app/api/tasks/[id]/route";
import * as r64 from "@/app/api/tasks/[id]/labels/route";
import * as r65 from "@/app/api/users/route";
import * as r66 from "@/app/api/users/[id]/route";

export const API_ROUTES: ReadonlyArray<{ pattern: string; module: Record<string, unknown> }> = [
  { pattern: "/api/agreement", module: r0 as Record<string, unknown> },
  { pattern: "/api/annotations/[id]", module: r1 as Record<string, unknown> },
  { pattern: "/api/annotations/[id]/comments", module: r2 as Record<string, unknown> },
  { pattern: "/api/annotations/[id]/restore", module: r3 as Record<string, unknown> },
  { pattern: "/api/annotations/[id]/transitions", module: r4 as Record<string, unknown> },
  { pattern: "/api/annotations/[id]/versions", module: r5 as Record<string, unknown> },
  { pattern: "/api/audit", module: r6 as Record<string, unknown> },
  { pattern: "/api/auth/login", module: r7 as Record<string, unknown> },
  { pattern: "/api/auth/logout", module: r8 as Record<string, unknown> },
  { pattern: "/api/auth/me", module: r9 as Record<string, unknown> },
  { pattern: "/api/auth/password", module: r10 as Record<string, unknown> },
  { pattern: "/api/comments/[id]", module: r11 as Record<string, unknown> },
  { pattern: "/api/endpoints", module: r12 as Record<string, unknown> },
  { pattern: "/api/endpoints/[id]", module: r13 as Record<string, unknown> },
  { pattern: "/api/endpoints/[id]/test", module: r14 as Record<string, unknown> },
  { pattern: "/api/episodes", module: r15 as Record<string, unknown> },
  { pattern: "/api/episodes/[id]", module: r16 as Record<string, unknown> },
  { pattern: "/api/episodes/[id]/agreement", module: r17 as Record<string, unknown> },
  { pattern: "/api/episodes/[id]/assignments", module: r18 as Record<string, unknown> },
  { pattern: "/api/episodes/[id]/cameras/[camera]", module: r19 as Record<string, unknown> },
  { pattern: "/api/episodes/[id]/claim", module: r20 as Record<string, unknown> },
  { pattern: "/api/episodes/[id]/comparison", module: r21 as Record<string, unknown> },
  { pattern: "/api/episodes/[id]/frames/[frame]", module: r22 as Record<string, unknown> },
  { pattern: "/api/episodes/[id]/poster", module: r23 as Record<string, unknown> },
  { pattern: "/api/episodes/assignments", module: r24 as Record<string, unknown> },
  { pattern: "/api/episodes/next", module: r25 as Record<string, unknown> },
  { pattern: "/api/exports/[id]", module: r26 as Record<string, unknown> },
  { pattern: "/api/exports/[id]/cancel", module: r27 as Record<string, unknown> },
  { pattern: "/api/exports/[id]/download", module: r28 as Record<string, unknown> },
  { pattern: "/api/exports/[id]/links", module: r29 as Record<string, unknown> },
  { pattern: "/api/exports/[id]/manifest", module: r30 as Record<string, unknown> },
  { pattern: "/api/exports/[id]/resume", module: r31 as Record<string, unknown> },
  { pattern: "/api/facets", module: r32 as Record<string, unknown> },
  { pattern: "/api/health", module: r33 as Record<string, unknown> },
  { pattern: "/api/imports", module: r34 as Record<string, unknown> },
  { pattern: "/api/imports/[id]", module: r35 as Record<string, unknown> },
  { pattern: "/api/imports/sources", module: r36 as Record<string, unknown> },
  { pattern: "/api/leaderboard", module: r37 as Record<string, unknown> },
  { pattern: "/api/leaderboard/seen", module: r38 as Record<string, unknown> },
  { pattern: "/api/media/videos/[id]", module: r39 as Record<string, unknown> },
  { pattern: "/api/predictions", module: r40 as Record<string, unknown> },
  { pattern: "/api/predictions/[id]", module: r41 as Record<string, unknown> },
  { pattern: "/api/predictions/[id]/review", module: r42 as Record<string, unknown> },
  { pattern: "/api/releases", module: r43 as Record<string, unknown> },
  { pattern: "/api/releases/[id]", module: r44 as Record<string, unknown> },
  { pattern: "/api/releases/[id]/diff", module: r45 as Record<string, unknown> },
  { pattern: "/api/releases/[id]/episodes", module: r46 as Record<string, unknown> },
  { pattern: "/api/releases/[id]/exports", module: r47 as Record<string, unknown> },
  { pattern: "/api/releases/[id]/exports/preview", module: r48 as Record<string, unknown> },
  { pattern: "/api/releases/[id]/transitions", module: r49 as Record<string, unknown> },
  { pattern: "/api/releases/preview", module: r50 as Record<string, unknown> },
  { pattern: "/api/review-queue", module: r51 as Record<string, unknown> },
  { pattern: "/api/review-queue/next", module: r52 as Record<string, unknown> },
  { pattern: "/api/review-queue/release", module: r53 as Record<string, unknown> },
  { pattern: "/api/runs", module: r54 as Record<string, unknown> },
  { pattern: "/api/runs/[id]", module: r55 as Record<string, unknown> },
  { pattern: "/api/runs/[id]/cancel", module: r56 as Record<string, unknown> },
  { pattern: "/api/runs/[id]/report", module: r57 as Record<string, unknown> },
  { pattern: "/api/runs/[id]/resume", module: r58 as Record<string, unknown> },
  { pattern: "/api/runs/import", module: r59 as Record<string, unknown> },
  { pattern: "/api/settings/annotation", module: r60 as Record<string, unknown> },
  { pattern: "/api/setup", module: r61 as Record<string, unknown> },
  { pattern: "/api/tasks", module: r62 as Record<string, unknown> },
  { pattern: "/api/tasks/[id]", module: r63 as Record<string, unknown> },
  { pattern: "/api/tasks/[id]/labels", module: r64 as Record<string, unknown> },
  { pattern: "/api/users", module: r65 as Record<string, unknown> },
  { pattern: "/api/users/[id]", module: r66 as Record<string, unknown> },
];
