-- Failed sign-ins, for throttling per account and per address across every app process
-- (lib/auth/sign-in-throttle.ts). Rows older than a day are pruned as new ones arrive.
CREATE TABLE "sign_in_failures" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "sign_in_failures_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "sign_in_failures_email_at_idx" ON "sign_in_failures"("email", "at");
CREATE INDEX "sign_in_failures_address_at_idx" ON "sign_in_failures"("address", "at");
CREATE INDEX "sign_in_failures_at_idx" ON "sign_in_failures"("at");
