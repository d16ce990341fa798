import { PredictionsPage } from "@/components/runs/predictions-page";

export const metadata = { title: "Predictions" };

export default function Page() {
  return <PredictionsPage />;
}
