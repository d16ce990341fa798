import { ReleasesPage } from "@/components/releases/releases-page";

export const metadata = { title: "Releases" };

export default function Page() {
  return <ReleasesPage />;
}
