import { Suspense } from "react";
import { ReviewQueue } from "@/components/chains/review-queue";

export const metadata = { title: "Chain review" };

export default function ReviewPage() {
  return (
    <Suspense>
      <ReviewQueue />
    </Suspense>
  );
}
