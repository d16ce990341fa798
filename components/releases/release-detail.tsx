// One release: its status and the actions open to the viewer (submit, approve and publish with
// the content hash they saw, return with a reason), what it contains per split, its diff against
// the previous published version, its frozen episodes, its exports and its history.
"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useFacets } from "@/components/episodes/use-episodes";
import { plural } from "@/components/runs/format";
import { Modal } from "@/components/runs/ui";
import type { ApiError } from "@/lib/client/api-client";
import type { SessionUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/roles";
import { can, releaseActions, releaseContributors } from "@/lib/auth/policy";
import { isEditable, notesEditable, RELEASE_ACTIONS, type ReleaseAction } from "@/lib/releases/workflow";
import { useAnnotationSettings } from "@/components/workspace/use-workspace";
import styles from "./releases.module.css";
import { ExportPanel } from "./export-panel";
import { formValuesFrom, historyText, shortHash, SPLIT_TAG_LABEL, SPLIT_TAG_SHORT, SPLIT_TAGS } from "./format";
import { ReleaseForm } from "./release-form";
import { ReleaseStatusPill } from "./releases-page";
import { SplitCountsTable, SplitWarnings } from "./split-counts";
import { useDeleteRelease, useRelease, useReleaseDiff, useReleaseEpisodes, useTransitionRelease, useUpdateRelease, type ReleaseView } from "./use-releases";

export function ReleaseDetail({ releaseId, user }: { releaseId: number; user: SessionUser }) {
  const q = useRelease(releaseId);
  const [editing, setEditing] = useState(false);
  if (q.isPending) return <p className="muted">Loading release…</p>;
  if (q.error) {
    const missing = (q.error as ApiError).status === 404;
    return (
      <section>
        <p role="alert" className="error">
          {missing ? `There is no release ${releaseId}; it may have been deleted.` : q.error.message}
        </p>
        <Link href="/releases">All releases</Link>
      </section>
    );
  }
  const r = q.data.release;
  // Someone submitted the draft meanwhile: its content is frozen, the edit form goes.
  const editingNow = editing && isEditable(r.status);
  const mayEdit = can(user, "release.edit", { status: r.status, createdById: r.createdBy?.id ?? null });
  return (
    <section data-testid="release-detail">
      <p className="small">
        <Link href="/releases">← All releases</Link>
      </p>
      <ReleaseHeader release={r} user={user} editing={editingNow} onEdit={isEditable(r.status) && mayEdit && !editingNow ? () => setEditing(true) : undefined} />
      {editingNow ? (
        <ReleaseForm mode="edit" releaseId={r.id} baseUpdatedAt={r.updatedAt} initial={formValuesFrom(r)} onDone={() => setEditing(false)} onCancel={() => setEditing(false)} />
      ) : (
        <>
          <Definition release={r} />
          <Notes release={r} mayEdit={mayEdit} />
        </>
      )}
      <Contents release={r} />
      <DiffSection release={r} />
      <Episodes release={r} />
      <ExportPanel releaseId={r.id} releaseStatus={r.status} />
      <History release={r} />
    </section>
  );
}

function ReleaseHeader({ release: r, user, editing, onEdit }: { release: ReleaseView; user: SessionUser; editing: boolean; onEdit?: () => void }) {
  const [acting, setActing] = useState<ReleaseAction | "delete" | null>(null);
  const transition = useTransitionRelease(r.id);
  // The policy's answer (lib/auth/policy.ts): role, ownership and four-eyes, as the server decides.
  const fourEyes = useAnnotationSettings().data?.fourEyes ?? true;
  const facts = { status: r.status, createdById: r.createdBy?.id ?? null };
  const contributorIds = releaseContributors(r.history.map((h) => ({ action: h.action, actorId: h.actor?.id ?? null, fields: h.fields })));
  const actions = releaseActions(user, { ...facts, fourEyes, contributorIds });
  const selfApproval = r.status === "IN_REVIEW" && fourEyes && hasRole(user.role, "LEAD") && !actions.includes("approve");
  // A dialog for a move that no longer applies (someone else moved the release) is not shown.
  const dialog = acting && acting !== "delete" && actions.includes(acting) ? acting : null;
  const heading = useRef<HTMLHeadingElement>(null);
  // After a move the button pressed is gone: the keyboard goes to the release's heading (its status is next to it).
  const focusHeading = () => requestAnimationFrame(() => heading.current?.focus());
  return (
    <header className="card">
      <div className="page-head">
        <h1 data-testid="release-name" ref={heading} tabIndex={-1}>
          {r.name} <span className="muted">v{r.version}</span>
        </h1>
        <ReleaseStatusPill status={r.status} />
      </div>
      <dl className="facts">
        <dt>Content</dt>
        <dd>
          {r.contentHash ? (
            <span className={styles.hash} data-testid="release-hash">
              sha256 {r.contentHash}
            </span>
          ) : (
            <span className="muted">Not frozen yet: the snapshot is taken when the draft is submitted for review.</span>
          )}
        </dd>
        <dt>Episodes</dt>
        <dd data-testid="release-episode-count">{r.frozen ? `${r.episodeCount} frozen${r.snapshotAt ? ` on ${new Date(r.snapshotAt).toLocaleString()}` : ""}` : "—"}</dd>
        <dt>Created</dt>
        <dd>
          <time dateTime={r.createdAt}>{new Date(r.createdAt).toLocaleString()}</time>
          {r.createdBy ? ` by ${r.createdBy.name}` : ""}
        </dd>
        {r.approvedAt && (
          <>
            <dt>Approved</dt>
            <dd>
              <time dateTime={r.approvedAt}>{new Date(r.approvedAt).toLocaleString()}</time>
              {r.approvedBy ? ` by ${r.approvedBy.name}` : ""}
            </dd>
          </>
        )}
        {r.publishedAt && (
          <>
            <dt>Published</dt>
            <dd>
              <time dateTime={r.publishedAt}>{new Date(r.publishedAt).toLocaleString()}</time>
              {r.publishedBy ? ` by ${r.publishedBy.name}` : ""}
            </dd>
          </>
        )}
        <dt>Previous version</dt>
        <dd>{r.previous ? <Link href={`/releases/${r.previous.id}`}>v{r.previous.version}</Link> : <span className="muted">none published</span>}</dd>
      </dl>
      <div className={styles.actions}>
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            className={a === "return" ? undefined : "primary"}
            disabled={transition.isPending || editing}
            title={editing ? "Save or cancel the edit first." : undefined}
            onClick={() => (a === "submit" ? transition.mutate({ action: "submit" }, { onSuccess: focusHeading }) : setActing(a))}
          >
            {RELEASE_ACTIONS[a].label}
          </button>
        ))}
        {r.status === "IN_REVIEW" && !hasRole(user.role, "LEAD") && <span className="muted small">Waiting for a lead to review and approve.</span>}
        {selfApproval && <span className="muted small">Four-eyes review: another lead approves a release you created, changed or submitted.</span>}
        {r.status === "APPROVED" && !hasRole(user.role, "LEAD") && <span className="muted small">Approved; a lead publishes it.</span>}
        {onEdit && (
          <button type="button" onClick={onEdit}>
            Edit definition
          </button>
        )}
        <Link href={`/releases/new?from=${r.id}`}>Start the next version</Link>
        {can(user, "release.delete", facts) && (
          <button type="button" className="link danger" onClick={() => setActing("delete")}>
            Delete
          </button>
        )}
      </div>
      {transition.error && !dialog && (
        <p role="alert" className="error" data-testid="release-action-error">
          {transition.error.message}
        </p>
      )}
      {acting === "delete" && <DeleteDialog release={r} onClose={() => setActing(null)} />}
      {dialog && (
        <TransitionDialog
          release={r}
          action={dialog}
          pending={transition.isPending}
          error={transition.error?.message ?? null}
          onClose={() => {
            transition.reset();
            setActing(null);
          }}
          onConfirm={(reviewedHash, comment) =>
            transition.mutate(
              { action: dialog, contentHash: reviewedHash ?? undefined, comment: comment || undefined },
              {
                onSuccess: () => {
                  setActing(null);
                  focusHeading();
                },
              },
            )
          }
        />
      )}
    </header>
  );
}

/** Approve, publish (of exactly the content shown) or return to draft (with a reason). */
function TransitionDialog({
  release: r,
  action,
  pending,
  error,
  onClose,
  onConfirm,
}: {
  release: ReleaseView;
  action: ReleaseAction;
  pending: boolean;
  error: string | null;
  onClose(): void;
  onConfirm(reviewedHash: string | null, comment: string): void;
}) {
  const [comment, setComment] = useState("");
  // The content the lead is looking at: what is approved or published, even if the page reloads
  // underneath (the server refuses it if the release has changed since).
  const [reviewed] = useState(r.contentHash);
  const [reviewedCounts] = useState({ episodes: r.episodeCount, total: r.total });
  const changed = reviewed !== r.contentHash;
  const needsComment = action === "return";
  const def = RELEASE_ACTIONS[action];
  return (
    <Modal titleId="transition-title" onClose={onClose} testId="transition-dialog">
      <h2 id="transition-title">
        {def.label}: {r.name} v{r.version}
      </h2>
      {action === "approve" || action === "publish" ? (
        <>
          <p>
            You {action === "approve" ? "approve" : "publish"} exactly this content. If anyone changed it since you loaded the page, the server refuses and asks you
            to review again.
          </p>
          <p className={styles.hash} data-testid="transition-hash">
            sha256 {reviewed}
          </p>
          {changed && (
            <p role="alert" className="error">
              The release&apos;s content changed while this dialog was open (now sha256 {shortHash(r.contentHash)}). Close this dialog and review it again.
            </p>
          )}
          <p>
            {plural(reviewedCounts.episodes, "episode")}: {SPLIT_TAGS.map((t) => `${reviewedCounts.total[t]} ${SPLIT_TAG_SHORT[t]}`).join(", ")}.
          </p>
          {action === "publish" && <p className="banner small">A published release can never change. Later edits to annotations or chains go into a next version.</p>}
        </>
      ) : (
        <p>The frozen snapshot is dropped; the draft can be edited and submitted again.</p>
      )}
      <label htmlFor="transition-comment">{needsComment ? "Why does it go back? (required)" : "Comment (optional)"}</label>
      <textarea id="transition-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} data-autofocus />
      {error && (
        <p role="alert" className="error" data-testid="transition-error">
          {error}
        </p>
      )}
      <div className={styles.actions}>
        <button type="button" className="primary" disabled={pending || changed || (needsComment && !comment.trim())} onClick={() => onConfirm(reviewed, comment.trim())}>
          {def.label}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}

function DeleteDialog({ release: r, onClose }: { release: ReleaseView; onClose(): void }) {
  const [confirm, setConfirm] = useState("");
  const del = useDeleteRelease(r.id);
  const router = useRouter();
  return (
    <Modal titleId="delete-title" onClose={onClose} testId="delete-dialog">
      <h2 id="delete-title">
        Delete {r.name} v{r.version}?
      </h2>
      <p>The release, its frozen snapshot and its export records go. Exported files already written stay where they are.</p>
      <label htmlFor="delete-confirm">
        Type <strong>{r.name}</strong> to confirm
      </label>
      <input id="delete-confirm" value={confirm} onChange={(e) => setConfirm(e.target.value)} data-autofocus autoComplete="off" />
      {del.error && (
        <p role="alert" className="error">
          {del.error.message}
        </p>
      )}
      <div className={styles.actions}>
        <button type="button" className={styles.danger} disabled={del.isPending || confirm !== r.name} onClick={() => del.mutate(confirm, { onSuccess: () => router.push("/releases") })}>
          Delete release
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </Modal>
  );
}

function Definition({ release: r }: { release: ReleaseView }) {
  const facets = useFacets();
  const env = new Map((facets.data?.environments ?? []).map((e) => [e.id, e.name]));
  const task = new Map((facets.data?.tasks ?? []).map((t) => [t.id, t.instruction]));
  const names = (ids: number[], map: Map<number, string>, all: string) => (ids.length ? ids.map((id) => map.get(id) ?? `#${id}`).join("; ") : all);
  const d = r.definition;
  const s = r.splits;
  return (
    <section className="card" aria-labelledby="definition-title" data-testid="release-definition">
      <h2 id="definition-title">Definition</h2>
      <dl className="facts">
        <dt>Environments</dt>
        <dd>{names(d.environmentIds, env, "all")}</dd>
        <dt>Tasks</dt>
        <dd>{names(d.taskIds, task, "all of those environments")}</dd>
        <dt>Episodes</dt>
        <dd>{d.episodeIds.length ? d.episodeIds.join(", ") : "all of those tasks"}</dd>
        <dt>Accepted chains</dt>
        <dd>{d.onlyWithAcceptedChains ? "only episodes with one" : "not required"}</dd>
        <dt>Held-out environments</dt>
        <dd>{names(s.heldOutEnvironmentIds, env, "none")}</dd>
        <dt>Test tasks</dt>
        <dd>{names(s.testTaskIds, task, "none")}</dd>
        <dt>In-domain test share</dt>
        <dd>
          {s.idTestPercent} % (seed {s.seed})
        </dd>
      </dl>
      <p className="muted small">{r.rules.selection}</p>
    </section>
  );
}

function Notes({ release: r, mayEdit }: { release: ReleaseView; mayEdit: boolean }) {
  const editable = mayEdit && notesEditable(r.status);
  const [text, setText] = useState(r.notes);
  // The server's notes the text started from; when they change and nothing was typed, follow them.
  const [base, setBase] = useState(r.notes);
  if (r.notes !== base) {
    if (text === base) setText(r.notes);
    setBase(r.notes);
  }
  const update = useUpdateRelease(r.id);
  const dirty = text !== r.notes;
  return (
    <section className="card" aria-labelledby="notes-title" data-testid="release-notes">
      <h2 id="notes-title">Release notes</h2>
      {editable ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ notes: text, baseUpdatedAt: r.updatedAt });
          }}
        >
          <label htmlFor="release-notes-text" className="sr-only">
            Release notes
          </label>
          <textarea id="release-notes-text" rows={4} value={text} maxLength={20_000} onChange={(e) => setText(e.target.value)} style={{ width: "100%" }} />
          <div className={styles.actions}>
            <button type="submit" disabled={!dirty || update.isPending}>
              Save notes
            </button>
            {update.isSuccess && !dirty && <span className="muted small">Saved.</span>}
          </div>
          {update.error && (
            <p role="alert" className="error">
              {update.error.message}
            </p>
          )}
        </form>
      ) : r.notes ? (
        <p className={styles.notes}>{r.notes}</p>
      ) : (
        <p className="muted">No notes.</p>
      )}
    </section>
  );
}

function Contents({ release: r }: { release: ReleaseView }) {
  return (
    <section className="card" aria-labelledby="contents-title" data-testid="release-contents">
      <h2 id="contents-title">{r.frozen ? "Contents" : "Contents if submitted now"}</h2>
      {!r.frozen && <p className="muted small">A draft follows the data: these counts are computed now, and frozen when the draft is submitted.</p>}
      <SplitCountsTable total={r.total} environments={r.environments} label="Episodes per split" />
      <SplitWarnings warnings={r.warnings} />
      <p className="muted small">{r.rules.splits}</p>
    </section>
  );
}

const LIST_SHOWN = 100;

function DiffSection({ release: r }: { release: ReleaseView }) {
  const q = useReleaseDiff(r.id);
  return (
    <section className="card" aria-labelledby="diff-title" data-testid="release-diff">
      <div className={styles.sectionHead}>
        <h2 id="diff-title">Changes since the previous version</h2>
        {q.data?.previous ? (
          <span className="small">
            against <Link href={`/releases/${q.data.previous.id}`}>v{q.data.previous.version}</Link>
          </span>
        ) : null}
      </div>
      {q.isPending && <p className="muted">Comparing…</p>}
      {q.error && (
        <p role="alert" className="error">
          {q.error.message}
        </p>
      )}
      {q.data && (
        <>
          {!q.data.previous && <p className="muted small">No earlier version of this release was published, so every episode is new.</p>}
          <p className={styles.diffCounts} data-testid="diff-counts">
            <span className={styles.added}>{q.data.diff.added.length} added</span>
            <span className={styles.removed}>{q.data.diff.removed.length} removed</span>
            <span className={styles.changed}>{q.data.diff.changed.length} changed</span>
            <span className="muted">{q.data.diff.unchanged} unchanged</span>
          </p>
          {q.data.diff.changed.length > 0 && (
            <ul className={styles.changes} aria-label="Changed episodes" data-testid="diff-changed">
              {q.data.diff.changed.slice(0, LIST_SHOWN).map((c) => (
                <li key={c.episodeId}>
                  <Link href={`/episodes/${c.episodeId}`}>{c.key}</Link>: {c.changes.join("; ")}
                </li>
              ))}
              {q.data.diff.changed.length > LIST_SHOWN && <li>… and {q.data.diff.changed.length - LIST_SHOWN} more</li>}
            </ul>
          )}
          {(["added", "removed"] as const).map((kind) =>
            q.data.diff[kind].length > 0 && q.data.previous ? (
              <details key={kind} className="small">
                <summary>
                  {plural(q.data.diff[kind].length, "episode")} {kind}
                </summary>
                <p data-testid={`diff-${kind}`}>
                  {q.data.diff[kind]
                    .slice(0, LIST_SHOWN * 5)
                    .map((e) => e.key)
                    .join(", ")}
                  {q.data.diff[kind].length > LIST_SHOWN * 5 ? ` … and ${q.data.diff[kind].length - LIST_SHOWN * 5} more` : ""}
                </p>
              </details>
            ) : null,
          )}
        </>
      )}
    </section>
  );
}

const PAGE_SIZE = 50;

function Episodes({ release: r }: { release: ReleaseView }) {
  const [page, setPage] = useState(1);
  const [splitTag, setSplitTag] = useState("");
  const q = useReleaseEpisodes(r.id, { page, pageSize: PAGE_SIZE, splitTag: splitTag || undefined }, r.frozen);
  if (!r.frozen) return null;
  const pages = q.data ? Math.max(1, Math.ceil(q.data.total / PAGE_SIZE)) : 1;
  return (
    <section className="card" aria-labelledby="episodes-title" data-testid="release-episodes">
      <div className={styles.sectionHead}>
        <h2 id="episodes-title">Frozen episodes</h2>
        <label className="small">
          Split{" "}
          <select
            value={splitTag}
            onChange={(e) => {
              setSplitTag(e.target.value);
              setPage(1);
            }}
          >
            <option value="">All</option>
            {SPLIT_TAGS.map((t) => (
              <option key={t} value={t}>
                {SPLIT_TAG_LABEL[t]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted small">As frozen in the snapshot: later edits to the episodes do not show here.</p>
      {q.error && (
        <p role="alert" className="error">
          {q.error.message}
        </p>
      )}
      {q.data && (
        <>
          <div style={{ overflowX: "auto" }}>
            <table className="grid" aria-label="Frozen episodes">
              <thead>
                <tr>
                  <th scope="col">Episode</th>
                  <th scope="col">Environment</th>
                  <th scope="col">Task</th>
                  <th scope="col">Split</th>
                  <th scope="col">Outcome</th>
                  <th scope="col" className={styles.num}>
                    Segments
                  </th>
                  <th scope="col" className={styles.num}>
                    Chains
                  </th>
                  <th scope="col" className={styles.num}>
                    Annotation version
                  </th>
                </tr>
              </thead>
              <tbody>
                {q.data.episodes.map((e) => (
                  <tr key={e.episodeId} data-testid="release-episode" data-key={e.key}>
                    <td>
                      <Link href={`/episodes/${e.episodeId}`}>{e.key}</Link>
                      {!e.hasVideo && <span className="muted small"> (no video)</span>}
                    </td>
                    <td>{e.environment}</td>
                    <td className="small">{e.task}</td>
                    <td>{SPLIT_TAG_LABEL[e.splitTag]}</td>
                    <td data-testid="frozen-outcome">
                      <span className={`pill outcome-${e.outcome.toLowerCase()}`}>{e.outcome.toLowerCase()}</span>
                    </td>
                    <td className={styles.num} data-testid="frozen-segments">
                      {e.segments}
                    </td>
                    <td className={styles.num}>{e.chains}</td>
                    <td className={styles.num} data-testid="frozen-version">
                      {e.annotationVersion}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 && (
            <nav className="pager" aria-label="Episode pages">
              <button type="button" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                Previous
              </button>
              <span className="small">
                Page {page} of {pages} · {q.data.total} episodes
              </span>
              <button type="button" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

function History({ release: r }: { release: ReleaseView }) {
  return (
    <section className="card" aria-labelledby="history-title" data-testid="release-history">
      <h2 id="history-title">History</h2>
      {r.history.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <ol className={styles.history}>
          {r.history.map((h) => (
            <li key={h.id} data-testid="history-entry">
              <time dateTime={h.at}>{new Date(h.at).toLocaleString()}</time>
              <strong>{h.actor?.name ?? "The system"}</strong> {historyText(h)}
              {h.comment && <span className={styles.comment}>“{h.comment}”</span>}
            </li>
          ))}
        </ol>
      )}
      <p className="muted small">{r.history.length >= 200 ? "The latest 200 entries." : ""}</p>
    </section>
  );
}
