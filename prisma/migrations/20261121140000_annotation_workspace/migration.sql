-- Annotation workspace: stable segment keys, review comments pinned by segment key,
-- instance settings (failure taxonomy, quality flags).

-- Segments get a stable client key; existing rows get a random one.
ALTER TABLE "segments" ADD COLUMN "key" TEXT;
UPDATE "segments" SET "key" = gen_random_uuid()::text WHERE "key" IS NULL;
ALTER TABLE "segments" ALTER COLUMN "key" SET NOT NULL;
CREATE UNIQUE INDEX "segments_annotation_id_key_key" ON "segments"("annotation_id", "key");

-- Review comments: pinned by segment key (segment rows are replaced on save), resolution tracked.
ALTER TABLE "review_comments" DROP COLUMN "segment_id";
ALTER TABLE "review_comments" ADD COLUMN "segment_key" TEXT;
ALTER TABLE "review_comments" ADD COLUMN "annotation_version" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "review_comments" ALTER COLUMN "annotation_version" DROP DEFAULT;
ALTER TABLE "review_comments" ADD COLUMN "resolved_by_id" INTEGER;
ALTER TABLE "review_comments" ADD COLUMN "resolved_at" TIMESTAMPTZ(3);
DROP INDEX "review_comments_annotation_id_idx";
CREATE INDEX "review_comments_annotation_id_created_at_idx" ON "review_comments"("annotation_id", "created_at");
ALTER TABLE "review_comments" ADD CONSTRAINT "review_comments_resolved_by_id_fkey" FOREIGN KEY ("resolved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "settings" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_by_id" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "settings_pkey" PRIMARY KEY ("key")
);
ALTER TABLE "settings" ADD CONSTRAINT "settings_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
