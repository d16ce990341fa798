// Shared pieces of the response contract (lib/contract/*): what the API sends, as zod schemas of
// the wire shape (dates as ISO strings). Routes declare them as `schemas.response` (withApi), the
// OpenAPI document shows them, every test tier checks each answer against them
// (CRITIC_CHECK_RESPONSES=1), and components take their types from them with z.infer instead
// of keeping copies. Pure: imported by server and browser code alike.
//
// Objects are strict: a field the contract does not name is a contract failure in the tests,
// so nothing leaves the server that the contract (and the reviewer reading it) does not show.
import { z } from "zod";
import * as E from "@/lib/generated/prisma/enums";

/** An integer on the wire (ids, counts, frames). */
export const int = () => z.number().int();

/** A Date after JSON.stringify. */
export const zWireDate = z.iso.datetime({ offset: true });

const enumOf = <T extends Record<string, string>>(e: T) => z.enum(Object.values(e) as [T[keyof T], ...T[keyof T][]]);

/** Enums, from Prisma's generated types (prisma/schema.prisma is their one source). */
export const ZRole = enumOf(E.Role);
export const ZSourceKind = enumOf(E.SourceKind);
export const ZOutcome = enumOf(E.Outcome);
export const ZAnnotationStatus = enumOf(E.AnnotationStatus);
export const ZAnnotationOrigin = enumOf(E.AnnotationOrigin);
export const ZProgressWeighting = enumOf(E.ProgressWeighting);
export const ZTranscodeStatus = enumOf(E.TranscodeStatus);
export const ZJobStatus = enumOf(E.JobStatus);
export const ZChainVerdict = enumOf(E.ChainVerdict);
export const ZReleaseStatus = enumOf(E.ReleaseStatus);
export const ZSplitTag = enumOf(E.SplitTag);
export const ZQuestionType = enumOf(E.QuestionType);

/** `{ ok: true }`, the answer of writes that have nothing else to say. */
export const ZOk = z.strictObject({ ok: z.literal(true) });


/** Which ground truth and splits a figure uses (lib/metrics/scope.ts), said above the figures. */
export const ZMetricScope = z.strictObject({
  approvedOnly: z.boolean(),
  /** Which annotations the ground truth comes from, in words. */
  rule: z.string(),
  /** The release whose frozen splits are used, or null for the episodes' tags. */
  release: z.strictObject({ id: z.number().int(), name: z.string(), version: z.number().int(), status: z.string(), episodeCount: z.number().int() }).nullable(),
  splitRule: z.string(),
});
