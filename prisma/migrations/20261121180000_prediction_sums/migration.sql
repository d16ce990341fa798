-- Incrementally kept metric sums per (run, episode, ground-truth interval), so the leaderboard
-- is a roll-up of a few rows per episode instead of a scan of every prediction.
-- See lib/metrics/prediction-sums.ts.

CREATE TABLE "prediction_sums" (
    "run_id" INTEGER NOT NULL,
    "episode_id" INTEGER NOT NULL,
    "bucket" INTEGER NOT NULL,
    "total" DOUBLE PRECISION NOT NULL,
    "n" DOUBLE PRECISION NOT NULL,
    "answered" DOUBLE PRECISION NOT NULL,
    "format_ok" DOUBLE PRECISION NOT NULL,
    "gt_zero" DOUBLE PRECISION NOT NULL,
    "lra_sum" DOUBLE PRECISION NOT NULL,
    "tra_sum" DOUBLE PRECISION NOT NULL,
    "ara_sum" DOUBLE PRECISION NOT NULL,
    "abs_sum" DOUBLE PRECISION NOT NULL,
    "sq_sum" DOUBLE PRECISION NOT NULL,
    "acc5" DOUBLE PRECISION NOT NULL,
    "acc10" DOUBLE PRECISION NOT NULL,
    "sx" DOUBLE PRECISION NOT NULL,
    "sy" DOUBLE PRECISION NOT NULL,
    "sxx" DOUBLE PRECISION NOT NULL,
    "syy" DOUBLE PRECISION NOT NULL,
    "sxy" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "prediction_sums_pkey" PRIMARY KEY ("run_id", "episode_id", "bucket")
);

CREATE TABLE "prediction_sums_dirty" (
    "run_id" INTEGER NOT NULL,
    "episode_id" INTEGER NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "prediction_sums_dirty_pkey" PRIMARY KEY ("run_id", "episode_id")
);

-- Every statement that writes predictions marks its (run, episode) pairs dirty, in the same
-- transaction. The conflict branch locks an existing mark until we commit, so a refresh that is
-- deleting that mark waits for our rows instead of computing sums without them. Pairs are
-- taken in order so that concurrent writers lock marks in the same order.
CREATE FUNCTION "mark_prediction_sums_dirty"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO prediction_sums_dirty (run_id, episode_id)
      SELECT DISTINCT run_id, episode_id FROM new_rows ORDER BY 1, 2
      ON CONFLICT (run_id, episode_id) DO UPDATE SET since = prediction_sums_dirty.since WHERE false;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO prediction_sums_dirty (run_id, episode_id)
      SELECT run_id, episode_id FROM new_rows UNION SELECT run_id, episode_id FROM old_rows ORDER BY 1, 2
      ON CONFLICT (run_id, episode_id) DO UPDATE SET since = prediction_sums_dirty.since WHERE false;
  ELSE
    INSERT INTO prediction_sums_dirty (run_id, episode_id)
      SELECT DISTINCT run_id, episode_id FROM old_rows ORDER BY 1, 2
      ON CONFLICT (run_id, episode_id) DO UPDATE SET since = prediction_sums_dirty.since WHERE false;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "predictions_sums_insert" AFTER INSERT ON "predictions"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "mark_prediction_sums_dirty"();
CREATE TRIGGER "predictions_sums_update" AFTER UPDATE ON "predictions"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "mark_prediction_sums_dirty"();
CREATE TRIGGER "predictions_sums_delete" AFTER DELETE ON "predictions"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "mark_prediction_sums_dirty"();

-- Predictions that exist already get their sums on the first refresh.
INSERT INTO prediction_sums_dirty (run_id, episode_id) SELECT DISTINCT run_id, episode_id FROM predictions;
