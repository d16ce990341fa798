-- Dataset releases (lib/releases) and resumable, shared-work exports (lib/export).

ALTER TABLE "releases"
    ADD COLUMN "episode_count" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "content_hash" TEXT,
    ADD COLUMN "snapshot_at" TIMESTAMPTZ(3),
    ADD COLUMN "approved_at" TIMESTAMPTZ(3);

ALTER TABLE "export_jobs"
    ADD COLUMN "phase" TEXT NOT NULL DEFAULT 'PLAN',
    ADD COLUMN "manifest_sha256" TEXT,
    ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

CREATE TABLE "export_units" (
    "id" SERIAL NOT NULL,
    "export_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'QUEUED',
    "payload" JSONB NOT NULL DEFAULT '{}',
    "files" JSONB NOT NULL DEFAULT '[]',
    "samples" INTEGER NOT NULL DEFAULT 0,
    "frames" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "export_units_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "export_units_export_id_key_key" ON "export_units"("export_id", "key");
CREATE INDEX "export_units_export_id_kind_status_idx" ON "export_units"("export_id", "kind", "status");
ALTER TABLE "export_units" ADD CONSTRAINT "export_units_export_id_fkey" FOREIGN KEY ("export_id") REFERENCES "export_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A published release is immutable, whatever code or person touches the database: its frozen
-- episodes cannot be added, changed or removed, and the release row keeps its content.
CREATE FUNCTION "forbid_published_release_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rid INTEGER;
BEGIN
  IF TG_TABLE_NAME = 'release_episodes' THEN
    rid := CASE WHEN TG_OP = 'DELETE' THEN OLD.release_id ELSE NEW.release_id END;
    IF EXISTS (SELECT 1 FROM releases WHERE id = rid AND status = 'PUBLISHED') THEN
      RAISE EXCEPTION 'release % is published and cannot change', rid USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.release_id <> NEW.release_id AND EXISTS (SELECT 1 FROM releases WHERE id = OLD.release_id AND status = 'PUBLISHED') THEN
      RAISE EXCEPTION 'release % is published and cannot change', OLD.release_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  -- releases
  IF OLD.status = 'PUBLISHED' THEN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'release % is published and cannot be deleted', OLD.id USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status <> OLD.status OR NEW.name <> OLD.name OR NEW.version <> OLD.version OR NEW.filters <> OLD.filters
       OR NEW.split_config <> OLD.split_config OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
       OR NEW.episode_count <> OLD.episode_count OR NEW.snapshot_at IS DISTINCT FROM OLD.snapshot_at
       OR NEW.published_at IS DISTINCT FROM OLD.published_at OR NEW.notes <> OLD.notes THEN
      RAISE EXCEPTION 'release % is published and cannot change', OLD.id USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE TRIGGER "release_episodes_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "release_episodes"
  FOR EACH ROW EXECUTE FUNCTION "forbid_published_release_change"();
CREATE TRIGGER "releases_immutable" BEFORE UPDATE OR DELETE ON "releases"
  FOR EACH ROW EXECUTE FUNCTION "forbid_published_release_change"();
