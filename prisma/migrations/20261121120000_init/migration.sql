-- Critic Studio initial schema. Hand-written in the shape `prisma migrate` emits,
-- checked against schema.prisma by tests/integration/schema-drift.test.ts.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ANNOTATOR', 'RESEARCHER', 'LEAD', 'ADMIN');
CREATE TYPE "SourceKind" AS ENUM ('LEROBOT_V3', 'LEROBOT_V21', 'AGIBOT', 'MANIFEST');
CREATE TYPE "Outcome" AS ENUM ('UNKNOWN', 'SUCCESS', 'FAILURE', 'UNSURE');
CREATE TYPE "AnnotationStatus" AS ENUM ('UNASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'IN_REVIEW', 'APPROVED', 'CHANGES_REQUESTED');
CREATE TYPE "AnnotationOrigin" AS ENUM ('MANUAL', 'AGIBOT_ACTION_CONFIG', 'MANIFEST', 'LEROBOT_SPARSE_SUBTASKS');
CREATE TYPE "ProgressWeighting" AS ENUM ('EQUAL', 'DURATION');
CREATE TYPE "TranscodeStatus" AS ENUM ('NOT_NEEDED', 'PENDING', 'RUNNING', 'DONE', 'FAILED');
CREATE TYPE "JobStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');
CREATE TYPE "ChainVerdict" AS ENUM ('ACCEPTED', 'REJECTED', 'NEEDS_FIX');
CREATE TYPE "ReleaseStatus" AS ENUM ('DRAFT', 'IN_REVIEW', 'APPROVED', 'PUBLISHED');
CREATE TYPE "SplitTag" AS ENUM ('TRAIN', 'ID', 'OOD_CROSS_TASK', 'OOD_CROSS_ENV');

-- CreateTable
CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_agent" TEXT,
    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "environments" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "environments_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "tasks" (
    "id" SERIAL NOT NULL,
    "environment_id" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "instruction" TEXT NOT NULL,
    "canonical_subtasks" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "progress_weighting" "ProgressWeighting" NOT NULL DEFAULT 'EQUAL',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "tasks_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "sources" (
    "id" SERIAL NOT NULL,
    "kind" "SourceKind" NOT NULL,
    "uri" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "sources_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "episodes" (
    "id" SERIAL NOT NULL,
    "source_id" INTEGER NOT NULL,
    "source_key" TEXT NOT NULL,
    "environment_id" INTEGER NOT NULL,
    "task_id" INTEGER NOT NULL,
    "length_frames" INTEGER NOT NULL,
    "fps" DOUBLE PRECISION NOT NULL,
    "outcome" "Outcome" NOT NULL DEFAULT 'UNKNOWN',
    "status" "AnnotationStatus" NOT NULL DEFAULT 'UNASSIGNED',
    "assignee_id" INTEGER,
    "split_tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "episodes_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "video_files" (
    "id" SERIAL NOT NULL,
    "uri" TEXT NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "codec" TEXT NOT NULL,
    "pix_fmt" TEXT,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "fps_num" INTEGER NOT NULL,
    "fps_den" INTEGER NOT NULL,
    "frame_count" INTEGER NOT NULL,
    "duration_sec" DOUBLE PRECISION NOT NULL,
    "browser_playable" BOOLEAN NOT NULL,
    "transcode_status" "TranscodeStatus" NOT NULL DEFAULT 'NOT_NEEDED',
    "transcode_progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "transcode_error" TEXT,
    "playback_uri" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "video_files_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "episode_videos" (
    "id" SERIAL NOT NULL,
    "episode_id" INTEGER NOT NULL,
    "camera" TEXT NOT NULL,
    "video_file_id" INTEGER NOT NULL,
    "start_sec" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "start_frame" INTEGER NOT NULL DEFAULT 0,
    "frame_count" INTEGER NOT NULL,
    CONSTRAINT "episode_videos_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "annotations" (
    "id" SERIAL NOT NULL,
    "episode_id" INTEGER NOT NULL,
    "annotator_id" INTEGER,
    "origin" "AnnotationOrigin" NOT NULL DEFAULT 'MANUAL',
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" "AnnotationStatus" NOT NULL DEFAULT 'IN_PROGRESS',
    "outcome" "Outcome" NOT NULL DEFAULT 'UNKNOWN',
    "failure_reason" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "quality_flags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "annotations_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "segments" (
    "id" SERIAL NOT NULL,
    "annotation_id" INTEGER NOT NULL,
    "start_frame" INTEGER NOT NULL,
    "end_frame" INTEGER NOT NULL,
    "label" TEXT NOT NULL,
    CONSTRAINT "segments_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "annotation_versions" (
    "id" SERIAL NOT NULL,
    "annotation_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "author_id" INTEGER,
    "snapshot" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "annotation_versions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "review_comments" (
    "id" SERIAL NOT NULL,
    "annotation_id" INTEGER NOT NULL,
    "author_id" INTEGER NOT NULL,
    "frame" INTEGER,
    "segment_id" INTEGER,
    "body" TEXT NOT NULL,
    "resolved" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "review_comments_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "prediction_runs" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "model_name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "config" JSONB NOT NULL DEFAULT '{}',
    "progress_scale" DOUBLE PRECISION NOT NULL DEFAULT 100,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "prediction_runs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "predictions" (
    "id" SERIAL NOT NULL,
    "run_id" INTEGER NOT NULL,
    "episode_id" INTEGER NOT NULL,
    "query_frame" INTEGER NOT NULL,
    "sampled_frames" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "raw_output" TEXT NOT NULL,
    "format_ok" BOOLEAN NOT NULL,
    "planning" TEXT,
    "observation" TEXT,
    "reasoning" TEXT,
    "answer_text" TEXT,
    "value" DOUBLE PRECISION,
    "parse_flag" TEXT,
    "score" DOUBLE PRECISION,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "predictions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "chain_reviews" (
    "id" SERIAL NOT NULL,
    "prediction_id" INTEGER NOT NULL,
    "reviewer_id" INTEGER,
    "verdict" "ChainVerdict",
    "planning" TEXT NOT NULL,
    "observation" TEXT NOT NULL,
    "reasoning" TEXT NOT NULL,
    "answer_text" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "chain_reviews_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "releases" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "ReleaseStatus" NOT NULL DEFAULT 'DRAFT',
    "filters" JSONB NOT NULL DEFAULT '{}',
    "split_config" JSONB NOT NULL DEFAULT '{}',
    "notes" TEXT NOT NULL DEFAULT '',
    "previous_id" INTEGER,
    "created_by_id" INTEGER,
    "approved_by_id" INTEGER,
    "published_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "releases_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "release_episodes" (
    "release_id" INTEGER NOT NULL,
    "episode_id" INTEGER NOT NULL,
    "split" TEXT NOT NULL,
    "split_tag" "SplitTag" NOT NULL,
    "snapshot" JSONB NOT NULL,
    CONSTRAINT "release_episodes_pkey" PRIMARY KEY ("release_id","episode_id")
);

CREATE TABLE "export_jobs" (
    "id" SERIAL NOT NULL,
    "release_id" INTEGER NOT NULL,
    "formats" TEXT[],
    "config" JSONB NOT NULL DEFAULT '{}',
    "seed" INTEGER NOT NULL DEFAULT 0,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "total" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "output_uri" TEXT,
    "error" TEXT,
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "export_jobs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "import_jobs" (
    "id" SERIAL NOT NULL,
    "kind" "SourceKind" NOT NULL,
    "source_uri" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" JSONB NOT NULL DEFAULT '{}',
    "errors" JSONB NOT NULL DEFAULT '[]',
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "actor_id" INTEGER,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "request_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");
CREATE UNIQUE INDEX "environments_slug_key" ON "environments"("slug");
CREATE UNIQUE INDEX "tasks_environment_id_key_key" ON "tasks"("environment_id", "key");
CREATE INDEX "tasks_instruction_trgm_idx" ON "tasks" USING GIN ("instruction" gin_trgm_ops);
CREATE UNIQUE INDEX "sources_kind_uri_key" ON "sources"("kind", "uri");
CREATE UNIQUE INDEX "episodes_source_id_source_key_key" ON "episodes"("source_id", "source_key");
CREATE INDEX "episodes_environment_id_id_idx" ON "episodes"("environment_id", "id");
CREATE INDEX "episodes_task_id_id_idx" ON "episodes"("task_id", "id");
CREATE INDEX "episodes_outcome_id_idx" ON "episodes"("outcome", "id");
CREATE INDEX "episodes_status_id_idx" ON "episodes"("status", "id");
CREATE INDEX "episodes_assignee_id_id_idx" ON "episodes"("assignee_id", "id");
CREATE INDEX "episodes_length_frames_id_idx" ON "episodes"("length_frames", "id");
CREATE INDEX "episodes_created_at_id_idx" ON "episodes"("created_at", "id");
CREATE UNIQUE INDEX "video_files_uri_key" ON "video_files"("uri");
CREATE INDEX "video_files_transcode_status_idx" ON "video_files"("transcode_status");
CREATE UNIQUE INDEX "episode_videos_episode_id_camera_key" ON "episode_videos"("episode_id", "camera");
CREATE INDEX "episode_videos_video_file_id_idx" ON "episode_videos"("video_file_id");
CREATE UNIQUE INDEX "annotations_episode_id_annotator_id_key" ON "annotations"("episode_id", "annotator_id");
CREATE INDEX "annotations_annotator_id_status_idx" ON "annotations"("annotator_id", "status");
CREATE INDEX "segments_annotation_id_start_frame_idx" ON "segments"("annotation_id", "start_frame");
CREATE UNIQUE INDEX "annotation_versions_annotation_id_version_key" ON "annotation_versions"("annotation_id", "version");
CREATE INDEX "review_comments_annotation_id_idx" ON "review_comments"("annotation_id");
CREATE UNIQUE INDEX "prediction_runs_name_key" ON "prediction_runs"("name");
CREATE UNIQUE INDEX "predictions_run_id_episode_id_query_frame_key" ON "predictions"("run_id", "episode_id", "query_frame");
CREATE INDEX "predictions_episode_id_idx" ON "predictions"("episode_id");
CREATE UNIQUE INDEX "chain_reviews_prediction_id_key" ON "chain_reviews"("prediction_id");
CREATE UNIQUE INDEX "releases_name_version_key" ON "releases"("name", "version");
CREATE INDEX "release_episodes_episode_id_idx" ON "release_episodes"("episode_id");
CREATE INDEX "export_jobs_release_id_idx" ON "export_jobs"("release_id");
CREATE INDEX "import_jobs_created_at_idx" ON "import_jobs"("created_at");
CREATE INDEX "audit_log_entity_type_entity_id_created_at_idx" ON "audit_log"("entity_type", "entity_id", "created_at");
CREATE INDEX "audit_log_actor_id_created_at_idx" ON "audit_log"("actor_id", "created_at");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "episodes" ADD CONSTRAINT "episodes_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "episodes" ADD CONSTRAINT "episodes_environment_id_fkey" FOREIGN KEY ("environment_id") REFERENCES "environments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "episodes" ADD CONSTRAINT "episodes_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "episodes" ADD CONSTRAINT "episodes_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "episode_videos" ADD CONSTRAINT "episode_videos_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "episodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "episode_videos" ADD CONSTRAINT "episode_videos_video_file_id_fkey" FOREIGN KEY ("video_file_id") REFERENCES "video_files"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "episodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_annotator_id_fkey" FOREIGN KEY ("annotator_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "segments" ADD CONSTRAINT "segments_annotation_id_fkey" FOREIGN KEY ("annotation_id") REFERENCES "annotations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "annotation_versions" ADD CONSTRAINT "annotation_versions_annotation_id_fkey" FOREIGN KEY ("annotation_id") REFERENCES "annotations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "annotation_versions" ADD CONSTRAINT "annotation_versions_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "review_comments" ADD CONSTRAINT "review_comments_annotation_id_fkey" FOREIGN KEY ("annotation_id") REFERENCES "annotations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "review_comments" ADD CONSTRAINT "review_comments_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "prediction_runs" ADD CONSTRAINT "prediction_runs_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "prediction_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "episodes"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "chain_reviews" ADD CONSTRAINT "chain_reviews_prediction_id_fkey" FOREIGN KEY ("prediction_id") REFERENCES "predictions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "chain_reviews" ADD CONSTRAINT "chain_reviews_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "releases" ADD CONSTRAINT "releases_previous_id_fkey" FOREIGN KEY ("previous_id") REFERENCES "releases"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "releases" ADD CONSTRAINT "releases_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "releases" ADD CONSTRAINT "releases_approved_by_id_fkey" FOREIGN KEY ("approved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "release_episodes" ADD CONSTRAINT "release_episodes_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "release_episodes" ADD CONSTRAINT "release_episodes_episode_id_fkey" FOREIGN KEY ("episode_id") REFERENCES "episodes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_release_id_fkey" FOREIGN KEY ("release_id") REFERENCES "releases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "export_jobs" ADD CONSTRAINT "export_jobs_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
