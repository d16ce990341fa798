-- One definition of a frame (lib/media/frame-table.ts): every video file keeps its frames'
-- presentation times, read at import; a converted copy keeps its own. Files imported before this
-- have none and are read as constant-rate from 0 until they are imported again.
ALTER TABLE "video_files" ADD COLUMN "frame_table" JSONB;
ALTER TABLE "video_files" ADD COLUMN "playback_frame_table" JSONB;
-- One clock per episode: the camera whose frames are the episode's frames, and what the import
-- found about the episode's timing (declared rate or length that disagree with the files, a
-- variable rate, a camera that ends early, timestamps that disagree with the video).
ALTER TABLE "episodes" ADD COLUMN "reference_camera" TEXT;
ALTER TABLE "episodes" ADD COLUMN "timing_notes" JSONB NOT NULL DEFAULT '[]';
-- A camera's shift, in milliseconds, to line up with the reference camera.
ALTER TABLE "episode_videos" ADD COLUMN "offset_ms" DOUBLE PRECISION NOT NULL DEFAULT 0;
