// The playhead as a tiny external store: the player writes the frame it has actually painted,
// and only the few components that show the playhead re-render on every frame.
"use client";
import { useSyncExternalStore } from "react";

export class FrameClock {
  /** The frame on screen (reported by the video element after it painted it). */
  frame = 0;
  /** Where a seek is heading; steps made before the seek lands add up from here. */
  target: number | null = null;
  private listeners = new Set<() => void>();

  set(frame: number) {
    if (this.target === frame) this.target = null;
    if (frame === this.frame) return;
    this.frame = frame;
    for (const l of this.listeners) l();
  }
  subscribe = (l: () => void) => {
    this.listeners.add(l);
    return () => {
      this.listeners.delete(l);
    };
  };
  get = () => this.frame;
  /** Where the user has put the playhead: the pending seek if there is one, else the frame on screen. */
  playhead(): number {
    return this.target ?? this.frame;
  }
}

export function useFrame(clock: FrameClock): number {
  return useSyncExternalStore(clock.subscribe, clock.get, clock.get);
}

/**
 * Something derived from the playhead, re-rendering only when it changes (the segment under
 * the playhead changes a few times per episode, the frame thirty times a second). `select`
 * must return a primitive.
 */
export function useFrameSelector<T extends string | number | boolean | null>(clock: FrameClock, select: (frame: number) => T): T {
  const get = () => select(clock.frame);
  return useSyncExternalStore(clock.subscribe, get, get);
}
