import { NewRelease } from "@/components/releases/new-release";

export const metadata = { title: "New release" };

export default async function Page({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  const { from } = await searchParams;
  const id = Number(from);
  return <NewRelease from={Number.isInteger(id) && id > 0 ? id : undefined} />;
}
