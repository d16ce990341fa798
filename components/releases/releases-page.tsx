// Every release, newest version first within its name: status, size, content hash and who
// approved it. New releases start from here.
"use client";
import Link from "next/link";
import { RELEASE_STATUS_LABEL, type ReleaseStatus } from "@/lib/releases/workflow";
import styles from "./releases.module.css";
import { shortHash } from "./format";
import { useReleases } from "./use-releases";

export function ReleaseStatusPill({ status }: { status: string }) {
  return (
    <span className={`pill ${styles[`status-${status.toLowerCase()}`] ?? ""}`} data-testid="release-status">
      {RELEASE_STATUS_LABEL[status as ReleaseStatus] ?? status}
    </span>
  );
}

export function ReleasesPage() {
  const releases = useReleases();
  return (
    <section>
      <div className="page-head">
        <h1>Releases</h1>
        <Link href="/releases/new" className="button">
          New release
        </Link>
      </div>
      <p className="muted">
        A release is a versioned, frozen set of episodes with approved annotations, split for training and evaluation. Submitting a draft freezes its content;
        a lead approves and publishes exactly that content, and exports it as training shards.
      </p>
      {releases.isPending && <p className="muted">Loading releases…</p>}
      {releases.error && (
        <p role="alert" className="error">
          {releases.error.message}
        </p>
      )}
      {releases.data && releases.data.releases.length === 0 && (
        <p className="banner" data-testid="no-releases">
          No release yet. <Link href="/releases/new">Define the first one</Link> from environments and tasks with approved annotations.
        </p>
      )}
      {releases.data && releases.data.releases.length > 0 && (
        <div style={{ overflowX: "auto" }}>
          <table className="grid" aria-label="Releases" data-testid="releases-table">
            <thead>
              <tr>
                <th scope="col">Release</th>
                <th scope="col">Status</th>
                <th scope="col" className={styles.num}>
                  Episodes
                </th>
                <th scope="col">Content</th>
                <th scope="col">Created</th>
                <th scope="col">Approved</th>
                <th scope="col">Published</th>
              </tr>
            </thead>
            <tbody>
              {releases.data.releases.map((r) => (
                <tr key={r.id} data-testid="release-row">
                  <td>
                    <Link href={`/releases/${r.id}`}>
                      {r.name} v{r.version}
                    </Link>
                  </td>
                  <td>
                    <ReleaseStatusPill status={r.status} />
                  </td>
                  <td className={styles.num}>{r.status === "DRAFT" ? <span className="muted">not frozen</span> : r.episodeCount}</td>
                  <td>
                    <code className="small" title={r.contentHash ?? undefined}>
                      {shortHash(r.contentHash)}
                    </code>
                  </td>
                  <td className="small">
                    <time dateTime={r.createdAt}>{new Date(r.createdAt).toLocaleDateString()}</time>
                    {r.createdBy ? ` by ${r.createdBy.name}` : ""}
                  </td>
                  <td className="small">{r.approvedAt ? `${new Date(r.approvedAt).toLocaleDateString()}${r.approvedBy ? ` by ${r.approvedBy.name}` : ""}` : "—"}</td>
                  <td className="small">{r.publishedAt ? new Date(r.publishedAt).toLocaleDateString() : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
