import { PredictionsPage } from "@/components/runs/predictions-page";

export default function Page() {
  return <PredictionsPage />;
}
