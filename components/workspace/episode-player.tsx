// Multi-camera player on video.js. Frame numbers are the episode's (its reference camera's,
// lib/media/frame-time.ts EpisodeTimeline); every camera maps them to its own frames by time
// through its file's frame table, whatever its rate, start offset or edit list. The camera in
// the main view confirms the playhead: its painted frames (requestVideoFrameCallback's
// mediaTime, the exact presentation time) set it, and the other cameras follow. Seeks aim at the
// middle of a frame's display interval, and an episode that is a time range inside a shared
// file (LeRobot v3) never plays outside its range.
"use client";
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from "react";
import type Player from "video.js/dist/types/player";
import "video.js/dist/video-js.css";
import { episodeEndTime, episodeStartTime, frameDuration, timeToFrame, type EpisodeTimeline } from "@/lib/media/frame-time";
import type { EpisodeCamera } from "@/lib/contract/episodes";
import type { FrameClock } from "./frame-clock";

type Camera = EpisodeCamera;

export const RATES = [0.1, 0.25, 0.5, 1, 1.5, 2, 4] as const;

export interface PlayerHandle {
  seek(frame: number): void;
  step(delta: number): void;
  togglePlay(): void;
  pause(): void;
  setRate(rate: number): void;
}

interface Props {
  cameras: Camera[];
  lengthFrames: number;
  /** The episode's frame grid and every camera's mapping onto it. */
  timeline: EpisodeTimeline;
  clock: FrameClock;
  mainCamera: string;
  onMainCameraChange(camera: string): void;
  /** While set, playback loops inside this frame range (inclusive). */
  loop: { start: number; end: number } | null;
  onPlayingChange(playing: boolean): void;
  rate: number;
  /** Several cameras: the main one large with the others beside it, or all alike in a grid. */
  layout: "swap" | "grid";
}

type VideoWithFrameCallback = HTMLVideoElement & {
  requestVideoFrameCallback?: (cb: (now: number, meta: { mediaTime: number }) => void) => number;
  cancelVideoFrameCallback?: (h: number) => void;
};

export const EpisodePlayer = forwardRef<PlayerHandle, Props>(function EpisodePlayer(props, ref) {
  const { cameras, clock, lengthFrames, mainCamera, loop, rate, timeline } = props;
  const timelineRef = useRef(timeline);
  timelineRef.current = timeline;
  const playable = cameras.filter((c) => c.playable && c.src);
  const players = useRef(new Map<string, Player>());
  const hosts = useRef(new Map<string, HTMLDivElement>());
  const [ready, setReady] = useState(0);
  const playing = useRef(false);
  const loopRef = useRef(loop);
  loopRef.current = loop;
  const mainRef = useRef(mainCamera);
  mainRef.current = mainCamera;
  const onPlayingChange = useRef(props.onPlayingChange);
  onPlayingChange.current = props.onPlayingChange;

  const videoOf = (name: string) => players.current.get(name)?.tech(true)?.el() as VideoWithFrameCallback | undefined;

  // One video.js player per camera, created imperatively (video.js owns its DOM) and disposed on unmount.
  useEffect(() => {
    let cancelled = false;
    const created = players.current;
    void import("video.js").then(({ default: videojs }) => {
      if (cancelled) return;
      for (const c of playable) {
        const host = hosts.current.get(c.camera);
        if (!host || created.has(c.camera)) continue;
        const el = document.createElement("video");
        el.className = "video-js vjs-fill";
        el.muted = true;
        el.playsInline = true;
        el.setAttribute("data-testid", `video-${c.camera}`);
        el.setAttribute("aria-label", `Camera ${c.camera}`);
        host.appendChild(el);
        const p = videojs(el, {
          controls: false,
          preload: "auto",
          muted: true,
          loadingSpinner: false,
          bigPlayButton: false,
          textTrackSettings: false,
          children: ["MediaLoader"],
        });
        p.src({ src: c.src!, type: "video/mp4" });
        // Start on the episode's first frame (not the file's: the episode may be a range inside it).
        p.one("loadedmetadata", () => {
          p.currentTime(timelineRef.current.seekTime(c.camera, clock.target ?? clock.frame));
          setReady((n) => n + 1);
        });
        created.set(c.camera, p);
      }
    });
    return () => {
      cancelled = true;
      for (const p of created.values()) p.dispose();
      created.clear();
    };
    // Players are created once per set of camera sources.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playable.map((c) => c.src).join("|")]);

  const seekAll = useCallback(
    (frame: number) => {
      const f = Math.max(0, Math.min(lengthFrames - 1, Math.round(frame)));
      const tl = timelineRef.current;
      const main = mainRef.current;
      // Every camera goes to its own frame on screen at that moment (its rate may differ).
      for (const [name, p] of players.current) if (tl.cameras.has(name)) p.currentTime(tl.seekTime(name, f));
      // A seek to the picture already on screen paints nothing new: nothing to wait for.
      if (tl.cameras.has(main) && tl.cameraFrame(main, f) === tl.cameraFrame(main, clock.target ?? clock.frame) && clock.target === null) {
        clock.set(f);
        return;
      }
      clock.target = f;
    },
    [clock, lengthFrames],
  );

  const setPlaying = useCallback(
    (on: boolean) => {
      playing.current = on;
      if (on) clock.target = null;
      for (const p of players.current.values()) {
        if (on) void p.play()?.catch(() => undefined);
        else p.pause();
      }
      // Paused cameras line up exactly on the frame shown, not wherever each one stopped.
      if (!on) seekAll(clock.frame);
      onPlayingChange.current(on);
    },
    [clock, seekAll],
  );

  useImperativeHandle(
    ref,
    () => ({
      seek: (frame) => {
        if (playing.current) setPlaying(false);
        seekAll(frame);
      },
      step: (delta) => {
        if (playing.current) setPlaying(false);
        seekAll((clock.target ?? clock.frame) + delta);
      },
      togglePlay: () => {
        if (!playing.current && clock.frame >= lengthFrames - 1) seekAll(0);
        setPlaying(!playing.current);
      },
      pause: () => setPlaying(false),
      setRate: (r) => {
        for (const p of players.current.values()) p.playbackRate(r);
      },
    }),
    [clock, lengthFrames, seekAll, setPlaying],
  );

  useEffect(() => {
    for (const p of players.current.values()) p.playbackRate(rate);
  }, [rate, ready]);

  // The main camera's painted frames drive the playhead; side cameras are nudged back in step.
  useEffect(() => {
    const v = videoOf(mainCamera);
    const tl = timeline;
    const t = tl.cameras.get(mainCamera);
    if (!t || !v) return;
    const end = episodeEndTime(t);
    let handle: number | undefined;
    let firstPainted = false;
    const report = (mediaTime: number) => {
      if (!firstPainted) {
        firstPainted = true;
        if (!performance.getEntriesByName("critic:first-frame").length) performance.mark("critic:first-frame");
      }
      // The picture on screen is this camera's frame `shown`; the seek it answers, if any, wanted
      // `target`. Both name the same picture when the camera's frame for the target is the one shown.
      const shown = timeToFrame(t, mediaTime);
      const target = clock.target;
      const frame = target !== null && tl.cameraFrame(mainCamera, target) === shown ? target : tl.referenceFrameAt(mainCamera, mediaTime);
      if (playing.current) {
        // While playing, the playhead is what plays; no earlier seek is still pending.
        clock.target = null;
        const l = loopRef.current;
        if (mediaTime >= end - 1e-6 || frame >= lengthFrames - 1) {
          setPlaying(false);
          seekAll(lengthFrames - 1);
        } else if (l && frame > l.end) {
          seekAll(l.start);
          return;
        } else {
          const clockSec = tl.clockOf(mainCamera, mediaTime);
          for (const [name, p] of players.current) {
            if (name === mainCamera) continue;
            const sc = tl.cameras.get(name);
            if (!sc) continue;
            const want = Math.min(episodeEndTime(sc) - 0.5 * frameDuration(sc, sc.frameCount - 1), Math.max(episodeStartTime(sc), tl.mediaTimeOf(name, clockSec)));
            if (Math.abs((p.currentTime() ?? 0) - want) > 1.5 * frameDuration(sc, timeToFrame(sc, want))) p.currentTime(want);
          }
        }
      }
      clock.set(Math.min(frame, lengthFrames - 1));
    };
    const onFrame = (_now: number, meta: { mediaTime: number }) => {
      report(meta.mediaTime);
      handle = v.requestVideoFrameCallback!(onFrame);
    };
    // Fallback for browsers without requestVideoFrameCallback, and for a seek that lands on the
    // frame already painted (no new frame is presented, so no callback fires).
    const onSeeked = () => {
      if (!playing.current) report(v.currentTime);
    };
    const onPause = () => {
      if (playing.current && v.ended) setPlaying(false);
    };
    if (v.requestVideoFrameCallback) handle = v.requestVideoFrameCallback(onFrame);
    else v.addEventListener("timeupdate", onSeeked);
    v.addEventListener("seeked", onSeeked);
    v.addEventListener("pause", onPause);
    // The new main camera takes over where the playhead is.
    if (v.readyState >= 1 && !playing.current) seekAll(clock.target ?? clock.frame);
    return () => {
      if (handle !== undefined) v.cancelVideoFrameCallback?.(handle);
      v.removeEventListener("timeupdate", onSeeked);
      v.removeEventListener("seeked", onSeeked);
      v.removeEventListener("pause", onPause);
    };
  }, [mainCamera, ready, timeline, clock, lengthFrames, seekAll, setPlaying]);

  const unplayable = cameras.filter((c) => !c.playable || !c.src);
  return (
    <div className="player">
      <div className={`player-views ${props.layout}`} style={{ "--cams": playable.length } as React.CSSProperties}>
        {playable.map((c) => (
          <div
            key={c.camera}
            className={c.camera === mainCamera ? "view main" : "view side"}
            data-testid={`view-${c.camera}`}
            data-main={c.camera === mainCamera}
          >
            <div className="view-video" ref={(el) => void (el ? hosts.current.set(c.camera, el) : hosts.current.delete(c.camera))} />
            {c.camera === mainCamera ? (
              <span className="view-name">{c.camera}</span>
            ) : (
              <button type="button" className="view-swap" onClick={() => props.onMainCameraChange(c.camera)} aria-label={`Show camera ${c.camera} in the main view`}>
                {c.camera}
              </button>
            )}
          </div>
        ))}
      </div>
      {unplayable.map((c) => (
        <div key={c.camera} className="video-flag" role="status" data-testid={`camera-${c.camera}-unplayable`}>
          <strong>
            {c.camera}: {c.codecPlayable ? "its container hides frames from browsers" : `${c.codec.toUpperCase()} video; browsers cannot play this file as it is`}.
          </strong>
          <span>
            {c.transcodeStatus === "FAILED"
              ? `Conversion to H.264 failed: ${c.transcodeError ?? "unknown error"}`
              : c.transcodeStatus === "RUNNING"
                ? `Converting to H.264… ${Math.round(c.transcodeProgress * 100)}%`
                : "Waiting to be converted to H.264…"}
          </span>
          {c.transcodeStatus === "RUNNING" && <progress value={c.transcodeProgress} max={1} />}
        </div>
      ))}
    </div>
  );
});
