-- Who published a release (the release page's published line names them).
ALTER TABLE "releases" ADD COLUMN "published_by_id" INTEGER;
ALTER TABLE "releases" ADD CONSTRAINT "releases_published_by_id_fkey" FOREIGN KEY ("published_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- Releases published before this column existed: their publisher is in the audit log.
UPDATE "releases" r SET "published_by_id" = a."actor_id"
FROM (SELECT DISTINCT ON (entity_id) entity_id, actor_id FROM "audit_log" WHERE entity_type = 'release' AND action = 'release.publish' ORDER BY entity_id, id DESC) a
WHERE r."status" = 'PUBLISHED' AND a.entity_id = r.id::text AND EXISTS (SELECT 1 FROM "users" u WHERE u.id = a.actor_id);
