-- Model predictions: runs (imported or produced through a chat-completions endpoint),
-- parsed answers with materialised ground truth, chain reviews, model endpoints, and the
-- ground-truth change log the leaderboard uses to show which figures moved.
-- Nothing wrote the placeholder prediction tables before this release, so they are rebuilt.

DROP TABLE "chain_reviews";
DROP TABLE "predictions";
DROP TABLE "prediction_runs";

CREATE TYPE "QuestionType" AS ENUM ('PROGRESS', 'COMPLETION');

ALTER TABLE "users" ADD COLUMN "metrics_seen_change_id" INTEGER NOT NULL DEFAULT 0;

CREATE TABLE "model_endpoints" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "base_url" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "api_key" TEXT,
    "video_mode" TEXT NOT NULL DEFAULT 'frames',
    "requests_per_minute" INTEGER NOT NULL DEFAULT 60,
    "concurrency" INTEGER NOT NULL DEFAULT 2,
    "max_tokens" INTEGER NOT NULL DEFAULT 1024,
    "temperature" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
    "timeout_sec" INTEGER NOT NULL DEFAULT 120,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "model_endpoints_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "model_endpoints_name_key" ON "model_endpoints"("name");

CREATE TABLE "prediction_runs" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "config" JSONB NOT NULL DEFAULT '{}',
    "progress_scale" DOUBLE PRECISION NOT NULL DEFAULT 100,
    "origin" TEXT NOT NULL DEFAULT 'jsonl',
    "status" "JobStatus" NOT NULL DEFAULT 'SUCCEEDED',
    "progress" JSONB NOT NULL DEFAULT '{}',
    "problems" JSONB NOT NULL DEFAULT '[]',
    "endpoint_id" INTEGER,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "prediction_runs_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "prediction_runs_name_key" ON "prediction_runs"("name");

CREATE TABLE "predictions" (
    "id" SERIAL NOT NULL,
    "run_id" INTEGER NOT NULL,
    "episode_id" INTEGER NOT NULL,
    "query_frame" INTEGER NOT NULL,
    "question_type" "QuestionType" NOT NULL DEFAULT 'PROGRESS',
    "question" TEXT,
    "sampled_frames" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "raw_output" TEXT NOT NULL,
    "format_ok" BOOLEAN NOT NULL,
    "think" TEXT,
    "planning" TEXT,
    "observation" TEXT,
    "reasoning" TEXT,
    "answer_text" TEXT,
    "value" DOUBLE PRECISION,
    "progress" DOUBLE PRECISION,
    "parse_flag" TEXT,
    "score" DOUBLE PRECISION,
    "reference_answer" TEXT,
    "gt_progress" DOUBLE PRECISION,
    "source_line" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "predictions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "predictions_run_id_episode_id_query_frame_question_type_key" ON "predictions"("run_id", "episode_id", "query_frame", "question_type");
CREATE INDEX "predictions_episode_id_query_frame_idx" ON "predictions"("episode_id", "query_frame");

CREATE TABLE "chain_reviews" (
    "id" SERIAL NOT NULL,
    "prediction_id" INTEGER NOT NULL,
    "reviewer_id" INTEGER,
    "verdict" "ChainVerdict",
    "planning" TEXT NOT NULL,
    "observation" TEXT NOT NULL,
    "reasoning" TEXT NOT NULL,
    "answer_text" TEXT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "chain_reviews_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "chain_reviews_prediction_id_key" ON "chain_reviews"("prediction_id");
CREATE INDEX "chain_reviews_verdict_idx" ON "chain_reviews"("verdict");

CREATE TABLE "gt_dirty_tasks" (
    "task_id" INTEGER NOT NULL,
    "since" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "gt_dirty_tasks_pkey" PRIMARY KEY ("task_id")
);

CREATE TABLE "gt_changes" (
    "id" SERIAL NOT NULL,
    "episode_id" INTEGER NOT NULL,
    "annotation_id" INTEGER,
    "annotation_version" INTEGER,
    "author_id" INTEGER,
    "predictions" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "gt_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "gt_changes_episode_id_id_idx" ON "gt_changes"("episode_id", "id");

CREATE TABLE "gt_change_items" (
    "change_id" INTEGER NOT NULL,
    "prediction_id" INTEGER NOT NULL,
    "before" DOUBLE PRECISION,
    "after" DOUBLE PRECISION,
    CONSTRAINT "gt_change_items_pkey" PRIMARY KEY ("change_id", "prediction_id")
);
CREATE INDEX "gt_change_items_prediction_id_idx" ON "gt_change_items"("prediction_id");

ALTER TABLE "model_endpoints" ADD CONSTRAINT "model_endpoints_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "prediction_runs" ADD CONSTRAINT "prediction_runs_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "model_endpoints"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "prediction_runs" ADD CONSTRAINT "prediction_runs_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "prediction_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "episodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "chain_reviews" ADD CONSTRAINT "chain_reviews_prediction_id_fkey" FOREIGN KEY ("prediction_id") REFERENCES "predictions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "chain_reviews" ADD CONSTRAINT "chain_reviews_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "gt_dirty_tasks" ADD CONSTRAINT "gt_dirty_tasks_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "gt_changes" ADD CONSTRAINT "gt_changes_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "episodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "gt_changes" ADD CONSTRAINT "gt_changes_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "gt_change_items" ADD CONSTRAINT "gt_change_items_change_id_fkey" FOREIGN KEY ("change_id") REFERENCES "gt_changes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "gt_change_items" ADD CONSTRAINT "gt_change_items_prediction_id_fkey" FOREIGN KEY ("prediction_id") REFERENCES "predictions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
