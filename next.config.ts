import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  experimental: {
    // forbidden() renders app/forbidden.tsx with a real 403 status.
    authInterrupts: true,
  },
  // Native/Node-only packages stay out of the server bundle.
  serverExternalPackages: ["pg", "pg-boss", "@prisma/adapter-pg", "hyparquet"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
