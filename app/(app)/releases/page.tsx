import { ReleasesPage } from "@/components/releases/releases-page";

export default function Page() {
  return <ReleasesPage />;
}
