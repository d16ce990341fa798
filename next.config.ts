import type { NextConfig } from "next";
import { API_CSP, COMMON_HEADERS } from "./lib/security/headers";

const nextConfig: NextConfig = {
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
  },
  // Native/Node-only packages stay out of the server bundle.
  serverExternalPackages: ["pg", "pg-boss", "@prisma/adapter-pg", "hyparquet"],
  poweredByHeader: false,
  typedRoutes: false,
  // Security headers (lib/security/headers.ts). Pages get their nonce CSP from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: [...COMMON_HEADERS] },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: API_CSP }] },
    ];
  },
};

export default nextConfig;
