// The annotation settings' schema and defaults. Pure: the API validates with it and the settings
// form checks with it before it sends (lib/settings/annotation-settings.ts keeps them).
import { z } from "zod";

const list = (what: string) =>
  z
    .array(z.string().trim().min(1, `A ${what} cannot be empty.`).max(100))
    .min(1, `Keep at least one ${what}.`)
    .max(100)
    .refine((xs) => new Set(xs.map((x) => x.toLowerCase())).size === xs.length, `Each ${what} must be listed once.`);

export const ZAnnotationSettingsSchema = z.object({
  failureReasons: list("failure reason"),
  qualityFlags: list("quality flag"),
  /** Four-eyes review: an annotation's annotator and a release's creator cannot approve it. On unless a lead turns it off. */
  fourEyes: z.boolean().default(true),
});
export type TAnnotationSettings = z.infer<typeof ZAnnotationSettingsSchema>;

/** A change to the settings: the fields it names, merged over the stored ones (each settings form sends only its own). */
export const ZAnnotationSettingsPatchSchema = z
  .object({
    failureReasons: list("failure reason").optional(),
    qualityFlags: list("quality flag").optional(),
    fourEyes: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Nothing to change.");
export type TAnnotationSettingsPatch = z.infer<typeof ZAnnotationSettingsPatchSchema>;
export type TAnnotationSettingsInput = z.input<typeof ZAnnotationSettingsSchema>;

export const DEFAULT_ANNOTATION_SETTINGS: TAnnotationSettings = {
  failureReasons: [
    "Grasp failed",
    "Object dropped",
    "Wrong object",
    "Collision",
    "Did not finish in time",
    "Gave up / stopped early",
    "Other",
  ],
  qualityFlags: ["Bad video", "Wrong task", "Camera occluded", "Dropped frames", "Ambiguous instruction"],
  fourEyes: true,
};
