"use client";
import { useEffect, useRef } from "react";
import type { EpisodeDetail } from "@/lib/episodes/get-episode";

type Camera = EpisodeDetail["cameras"][number];

/**
 * Plays one camera of an episode. The episode may be a time range inside a shared file
 * (LeRobot v3): playback starts at the range's first frame and stops at its last.
 */
export function CameraVideo({ cam }: { cam: Camera }) {
  const ref = useRef<HTMLVideoElement>(null);
  const endSec = cam.startSec + cam.frameCount / cam.fps;

  useEffect(() => {
    const v = ref.current;
    if (!v) return;
    const toStart = () => {
      if (v.currentTime < cam.startSec || v.currentTime > endSec) v.currentTime = cam.startSec + 0.5 / cam.fps;
    };
    const clamp = () => {
      if (v.currentTime >= endSec) {
        v.pause();
        v.currentTime = endSec - 0.5 / cam.fps;
      }
    };
    v.addEventListener("loadedmetadata", toStart);
    v.addEventListener("timeupdate", clamp);
    return () => {
      v.removeEventListener("loadedmetadata", toStart);
      v.removeEventListener("timeupdate", clamp);
    };
  }, [cam.startSec, cam.fps, endSec]);

  if (!cam.playable || !cam.src) {
    const status =
      cam.transcodeStatus === "FAILED"
        ? `Conversion to H.264 failed: ${cam.transcodeError ?? "unknown error"}`
        : cam.transcodeStatus === "RUNNING"
          ? `Converting to H.264… ${Math.round(cam.transcodeProgress * 100)}%`
          : "Waiting to be converted to H.264…";
    return (
      <div className="video-flag" role="status" data-testid={`camera-${cam.camera}-unplayable`}>
        <strong>{cam.codec.toUpperCase()} video: browsers cannot play this file as it is.</strong>
        <span>{status}</span>
        {cam.transcodeStatus === "RUNNING" && <progress value={cam.transcodeProgress} max={1} />}
      </div>
    );
  }
  return (
    <video
      ref={ref}
      src={`${cam.src}#t=${cam.startSec.toFixed(3)}`}
      controls
      preload="metadata"
      muted
      playsInline
      data-testid={`camera-${cam.camera}`}
      aria-label={`Camera ${cam.camera}`}
    />
  );
}
