-- What the trainers' readers do with a unit's records (frames read, seconds seen), checked when
-- the unit is written (lib/export/export-job.ts); the manifest and the card report it.
ALTER TABLE "export_units" ADD COLUMN "reader_notes" JSONB NOT NULL DEFAULT '{}';
