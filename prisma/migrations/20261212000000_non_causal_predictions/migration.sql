-- Predictions of models that saw the whole trajectory (issue 16): kept and marked non-causal.
ALTER TABLE "predictions" ADD COLUMN "causal" BOOLEAN NOT NULL DEFAULT true;
-- The run-level mark the leaderboard reads, kept by the import (no scan of a run's predictions per view).
ALTER TABLE "prediction_runs" ADD COLUMN "causal" BOOLEAN NOT NULL DEFAULT true;
