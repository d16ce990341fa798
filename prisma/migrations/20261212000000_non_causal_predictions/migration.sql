-- Predictions of models that saw the whole trajectory (issue 16): kept and marked non-causal.
ALTER TABLE "predictions" ADD COLUMN "causal" BOOLEAN NOT NULL DEFAULT true;
