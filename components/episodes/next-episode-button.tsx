"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useClaimNext } from "@/components/workspace/use-workspace";

/** Takes the caller to their next piece of work: unfinished first, else a newly claimed episode. */
export function NextEpisodeButton({ taskId }: { taskId?: number }) {
  const router = useRouter();
  const next = useClaimNext();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span className="next-episode">
      <button
        type="button"
        className="primary"
        disabled={next.isPending}
        onClick={() =>
          next.mutate(taskId ? { taskId } : {}, {
            onSuccess: (r) => (r.claimed ? router.push(`/episodes/${r.claimed.episodeId}`) : setMessage("No episodes are waiting for annotation.")),
            onError: (e) => setMessage(e.message),
          })
        }
      >
        Start annotating: next episode →
      </button>
      {message && (
        <span role="status" className="muted small">
          {" "}
          {message}
        </span>
      )}
    </span>
  );
}
