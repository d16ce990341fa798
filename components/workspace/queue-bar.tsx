// The workspace opened from the review queue (`?queue=<filters>`): after an approval or a
// request for changes the next annotation to review opens by itself; Skip hands this one back
// and moves on; when nothing is left the lead lands on the queue page, told so.
"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { queueHref } from "@/components/review-queue/queue-page";
import { queueFiltersFrom, useNextReview, useReleaseReview, type QueueFilters } from "@/components/review-queue/use-review-queue";

const SKIPPED = "critic.queue.skipped";

function skipped(): number[] {
  try {
    const v = JSON.parse(window.sessionStorage.getItem(SKIPPED) ?? "[]") as unknown;
    return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)).slice(-500) : [];
  } catch {
    return [];
  }
}

export interface QueueMode {
  filters: QueueFilters;
  /** The queue page with these filters. */
  href: string;
  next(currentAnnotationId: number, opts?: { skip?: boolean }): Promise<void>;
  pending: boolean;
}

export function useQueueMode(queueParam: string | undefined): QueueMode | null {
  const router = useRouter();
  const nextReview = useNextReview();
  const filters = useMemo(() => (queueParam === undefined ? null : queueFiltersFrom(new URLSearchParams(queueParam === "all" ? "" : queueParam))), [queueParam]);
  if (!filters) return null;
  const qs = new URLSearchParams(filters as Record<string, string>).toString();
  const href = `/queue${qs ? `?${qs}` : ""}`;
  return {
    filters,
    href,
    pending: nextReview.isPending,
    async next(current, opts) {
      let skip = skipped();
      if (opts?.skip) {
        skip = [...new Set([...skip, current])];
        try {
          window.sessionStorage.setItem(SKIPPED, JSON.stringify(skip));
        } catch {
          // Not remembered past this page; the next call still skips it.
        }
      }
      const r = await nextReview.mutateAsync({ filters, skip: [...new Set([...skip, current])] });
      if (r.claimed) router.push(queueHref(r.claimed.episodeId, r.claimed.annotationId, filters));
      else router.push(`${href}${qs ? "&" : "?"}done=1`);
    },
  };
}

export function QueueBar({ queue, annotationId, onError }: { queue: QueueMode; annotationId: number; onError(message: string): void }) {
  const release = useReleaseReview();
  return (
    <div className="banner queue-bar row" data-testid="queue-bar">
      <strong>Review queue</strong>
      <span className="muted small">Approve or request changes, and the next one opens.</span>
      <button
        type="button"
        disabled={queue.pending || release.isPending}
        onClick={async () => {
          try {
            // Hand it back if it is ours under review; anything else (already reviewed) just moves on.
            await release.mutateAsync(annotationId).catch(() => undefined);
            await queue.next(annotationId, { skip: true });
          } catch (e) {
            onError((e as Error).message);
          }
        }}
      >
        Skip →
      </button>
      <Link href={queue.href}>Back to the queue</Link>
    </div>
  );
}
