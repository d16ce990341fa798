// Workflow actions (submit, review, approve, request changes) and review comments pinned to a
// frame or a segment. Clicking a pin moves the playhead there.
"use client";
import { useRef, useState } from "react";
import { useHotkeys } from "@/components/keys/use-hotkeys";
import type { SegmentDraft } from "@/lib/annotation/types";
import { ACTIONS, type WorkflowAction } from "@/lib/annotation/workflow";
import { can, type Actor } from "@/lib/auth/policy";
import type { AnnotationDraft } from "./use-annotation-draft";
import { useAddComment, useComments, useResolveComment, useTransition, type AnnotationData } from "./use-workspace";

interface Props {
  user: Actor;
  annotation: AnnotationData;
  draft: AnnotationDraft;
  segments: SegmentDraft[];
  frame: () => number;
  currentSegment: SegmentDraft | null;
  onSeek(frame: number): void;
  commentRef: React.RefObject<HTMLTextAreaElement | null>;
  onSubmitted(): void;
  /** Approved or sent back: the review queue moves on to the next one. */
  onReviewed?(): void;
}

export function ReviewPanel(p: Props) {
  const a = p.annotation;
  const transition = useTransition(a.id, a.episodeId);
  const comments = useComments(a.id);
  const add = useAddComment(a.id);
  const resolve = useResolveComment(a.id);
  const [body, setBody] = useState("");
  const formRef = useRef<HTMLFormElement>(null);
  // Ctrl+Enter (⌘+Enter) posts, as in most review tools.
  useHotkeys(
    ["comment"],
    {
      postComment: () => {
        if (!formRef.current || !body.trim() || add.isPending) return false;
        formRef.current.requestSubmit();
      },
    },
    // Not while the workspace waits for a save conflict to be resolved.
    p.draft.status.kind !== "conflict",
  );
  const [pin, setPin] = useState<"frame" | "segment" | "none">("frame");
  const [error, setError] = useState<string | null>(null);

  const act = async (action: WorkflowAction) => {
    setError(null);
    try {
      // Changes are requested with the text in the box, or on the open comments already pinned.
      const open = (comments.data?.comments ?? []).filter((c) => !c.resolved && c.author.id !== a.annotator?.id);
      if (action === "request_changes" && !body.trim() && open.length === 0) {
        setError("Write what should change in the comment box, or pin a comment to a frame first.");
        p.commentRef.current?.focus();
        return;
      }
      // Edits on screen are saved before the work moves on.
      const saved = await p.draft.flush();
      if (saved !== "saved" && saved !== "read-only") {
        setError("Your last edits are not saved yet (see the save status at the top). Resolve that first.");
        return;
      }
      // The request's comment is pinned like any other comment (frame, segment or nothing).
      await transition.mutateAsync({ action, ...(action === "request_changes" && body.trim() ? { comment: body.trim(), ...pinned() } : {}) });
      if (action === "request_changes") setBody("");
      if (action === "submit") p.onSubmitted();
      if (action === "approve" || action === "request_changes") p.onReviewed?.();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const pinned = () => ({
    frame: pin === "frame" ? p.frame() : null,
    segmentKey: pin === "segment" ? (p.currentSegment?.key ?? null) : null,
  });

  const segLabel = (key: string | null) => {
    const s = key ? p.segments.find((x) => x.key === key) : undefined;
    return s ? `${s.label || "(no label)"} ${s.startFrame}–${s.endFrame}` : "a segment that no longer exists";
  };

  return (
    <section aria-label="Review" className="review-panel">
      <div className="row">
        {a.permissions.actions.map((action) => (
          <button
            key={action}
            type="button"
            className={action === "approve" || action === "submit" ? "primary" : undefined}
            disabled={transition.isPending}
            onClick={() => void act(action)}
          >
            {ACTIONS[action].label}
          </button>
        ))}
      </div>
      {error && (
        <p role="alert" className="error" data-testid="review-error">
          {error}
        </p>
      )}
      <h3 className="small">Comments</h3>
      {comments.isPending && <p className="muted small">Loading comments…</p>}
      {comments.data?.comments.length === 0 && <p className="muted small">No comments.</p>}
      <ul className="comments">
        {comments.data?.comments.map((c) => (
          <li key={c.id} className={c.resolved ? "comment resolved" : "comment"} data-testid="comment">
            <div className="small muted">
              {c.author.name} · {new Date(c.createdAt).toLocaleString()} · v{c.annotationVersion}
              {c.frame !== null && (
                <>
                  {" · "}
                  <button
                    type="button"
                    className="link"
                    onClick={(e) => {
                      p.onSeek(c.frame!);
                      // Jumping to a comment's frame is to work there: focus leaves the review
                      // panel so the segment keys act on the timeline again.
                      e.currentTarget.blur();
                    }}
                  >
                    frame {c.frame}
                  </button>
                </>
              )}
              {c.segmentKey && <> · on {segLabel(c.segmentKey)}</>}
            </div>
            <p>{c.body}</p>
            {can(p.user, "comment.resolve", { authorId: c.author.id, annotatorId: a.annotator?.id ?? null }) ? (
              <ResolvedBox resolved={c.resolved} resolvedBy={c.resolvedBy?.name ?? null} onChange={(resolved) => resolve.mutate({ id: c.id, resolved })} />
            ) : (
              c.resolved && <p className="small muted">Resolved{c.resolvedBy ? ` by ${c.resolvedBy.name}` : ""}</p>
            )}
          </li>
        ))}
      </ul>
      <form
        ref={formRef}
        data-hotkeys="comment"
        className="comment-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!body.trim()) return;
          add.mutate({ body: body.trim(), ...pinned() }, { onSuccess: () => setBody(""), onError: (err) => setError(err.message) });
        }}
      >
        <textarea
          ref={p.commentRef}
          rows={2}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") e.currentTarget.blur();
          }}
          placeholder="Comment… (Ctrl+Enter posts)"
          aria-label="Comment"
        />
        <div className="row">
          <select value={pin} onChange={(e) => setPin(e.target.value as typeof pin)} aria-label="Pin the comment to">
            <option value="frame">Pin to the current frame</option>
            <option value="segment" disabled={!p.currentSegment}>
              Pin to the current segment
            </option>
            <option value="none">No pin</option>
          </select>
          <button type="submit" disabled={add.isPending || !body.trim()}>
            Add comment
          </button>
        </div>
      </form>
    </section>
  );
}

/**
 * A comment's Resolved box. It shows the click in the same render (the cached list, patched
 * optimistically by useResolveComment, reaches the screen a task later), and follows the server's
 * value whenever that changes, including a refusal putting it back.
 */
function ResolvedBox({ resolved, resolvedBy, onChange }: { resolved: boolean; resolvedBy: string | null; onChange(resolved: boolean): void }) {
  const [shown, setShown] = useState(resolved);
  const [base, setBase] = useState(resolved);
  if (resolved !== base) {
    setBase(resolved);
    setShown(resolved);
  }
  return (
    <label className="choice small">
      <input
        type="checkbox"
        checked={shown}
        onChange={(e) => {
          setShown(e.target.checked);
          onChange(e.target.checked);
        }}
      />
      Resolved{resolvedBy ? ` by ${resolvedBy}` : ""}
    </label>
  );
}
