// A new release: blank, or the next version of an existing one (its definition copied).
"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { formValuesFrom } from "./format";
import { ReleaseForm } from "./release-form";
import { useRelease } from "./use-releases";

export function NewRelease({ from }: { from?: number }) {
  const router = useRouter();
  const done = (id: number) => router.push(`/releases/${id}`);
  return (
    <section>
      <p className="small">
        <Link href="/releases">← All releases</Link>
      </p>
      {from ? <NextVersion from={from} onDone={done} /> : (
        <>
          <h1>New release</h1>
          <ReleaseForm mode="create" onDone={done} />
        </>
      )}
    </section>
  );
}

function NextVersion({ from, onDone }: { from: number; onDone(id: number): void }) {
  const source = useRelease(from);
  if (source.isPending) return <p className="muted">Loading release {from}…</p>;
  if (source.error) {
    return (
      <p role="alert" className="error">
        {source.error.message}
      </p>
    );
  }
  const r = source.data.release;
  return (
    <>
      <h1>Next version of {r.name}</h1>
      <p className="muted">
        Starts from the definition and splits of v{r.version}. Saving creates the next version as a draft; its diff shows what changed since the latest
        published version.
      </p>
      <ReleaseForm mode="create" initial={{ ...formValuesFrom(r), notes: "" }} onDone={onDone} />
    </>
  );
}
