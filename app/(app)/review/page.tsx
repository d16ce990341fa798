import { Suspense } from "react";
import { ReviewQueue } from "@/components/chains/review-queue";

export default function ReviewPage() {
  return (
    <Suspense>
      <ReviewQueue />
    </Suspense>
  );
}
