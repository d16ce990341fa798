import { notFound } from "next/navigation";
import { RunDetail } from "@/components/runs/run-detail";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Prediction run #${(await params).id}` };
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const runId = Number(id);
  if (!Number.isInteger(runId) || runId <= 0) notFound();
  return <RunDetail key={runId} runId={runId} />;
}
