-- The review queue: when an annotation went to review, and which lead took it from the queue.
ALTER TABLE "annotations" ADD COLUMN "submitted_at" TIMESTAMPTZ(3);
ALTER TABLE "annotations" ADD COLUMN "reviewer_id" INTEGER;
ALTER TABLE "annotations" ADD COLUMN "review_claimed_at" TIMESTAMPTZ(3);
ALTER TABLE "annotations" ADD CONSTRAINT "annotations_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "annotations_status_submitted_at_idx" ON "annotations"("status", "submitted_at");
-- Work already under review: its last submission is in the audit log (else its last change).
UPDATE "annotations" a SET "submitted_at" = COALESCE(
  (SELECT max(l."created_at") FROM "audit_log" l WHERE l."entity_type" = 'annotation' AND l."entity_id" = a."id"::text AND l."action" = 'annotation.submit'),
  a."updated_at")
WHERE a."status" IN ('SUBMITTED', 'IN_REVIEW', 'APPROVED', 'CHANGES_REQUESTED') AND a."annotator_id" IS NOT NULL;
