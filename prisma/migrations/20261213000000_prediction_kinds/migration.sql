-- Prediction kinds (issue 16): temporal-contrastive answers (which of two frames is further
-- along: +1 the query frame, -1 the reference frame, 0 neither) and per-frame success
-- probabilities, as reward models write them.
ALTER TYPE "QuestionType" ADD VALUE IF NOT EXISTS 'CONTRASTIVE';
-- Contrastive: the frame the query frame is compared against (the LRM harness's "Image A").
ALTER TABLE "predictions" ADD COLUMN "reference_frame" INTEGER;
-- Ground-truth progress (0-100) at the reference frame, kept with gt_progress by lib/predictions/ground-truth.ts.
ALTER TABLE "predictions" ADD COLUMN "gt_reference" DOUBLE PRECISION;
-- The model's probability (0-1) that the task has succeeded by the query frame (Robometer's success head).
ALTER TABLE "predictions" ADD COLUMN "success_prob" DOUBLE PRECISION;
