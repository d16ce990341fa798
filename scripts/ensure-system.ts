// Installs the few system programs the app needs when they are missing: ffmpeg (media),
// PostgreSQL server binaries (embedded database, tests) and Chromium (end-to-end tests).
// They come from Debian's archive; as root we install them, otherwise we say what to run.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

type Need = "ffmpeg" | "postgres" | "chromium";

const PACKAGES: Record<Need, { pkg: string; present: () => boolean }> = {
  ffmpeg: { pkg: "ffmpeg", present: () => has("ffmpeg") && has("ffprobe") },
  postgres: {
    pkg: "postgresql",
    present: () =>
      existsSync("/usr/lib/postgresql") &&
      readdirSync("/usr/lib/postgresql").some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`)),
  },
  chromium: { pkg: "chromium", present: () => existsSync("/usr/bin/chromium") },
};

function has(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

export function ensureSystem(needs: Need[], log: (m: string) => void = console.log): void {
  const missing = needs.filter((n) => !PACKAGES[n].present()).map((n) => PACKAGES[n].pkg);
  if (missing.length === 0) return;
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(" ")}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing system packages: ${missing.join(", ")}. Install them with:\n  sudo sh -c '${cmd}'`);
  }
  log(`Installing system packages: ${missing.join(", ")} (apt-get, about a minute)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const step of [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...missing]]) {
    const r = spawnSync(step[0]!, step.slice(1), { stdio: ["ignore", "ignore", "inherit"], env });
    if (r.status !== 0) throw new Error(`\`${step.join(" ")}\` failed (exit ${r.status}).`);
  }
  // The postgresql package starts a system cluster we do not use; the app runs its own.
  if (missing.includes("postgresql")) spawnSync("pg_ctlcluster", ["--skip-systemctl-redirect", "15", "main", "stop"], { stdio: "ignore" });
}
