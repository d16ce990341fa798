import { Suspense } from "react";
import { QueuePage } from "@/components/review-queue/queue-page";

export const metadata = { title: "Review queue" };

export default function Page() {
  return (
    <Suspense>
      <QueuePage />
    </Suspense>
  );
}
