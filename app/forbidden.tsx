import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="centered">
      <div className="card narrow">
        <h1>403 — Not allowed</h1>
        <p>Your role does not give access to this page. Ask an admin if you need it.</p>
        <Link href="/episodes">Back to episodes</Link>
      </div>
    </main>
  );
}
