// ESLint: Next.js's own rules (React, hooks, accessibility, Core Web Vitals) and typescript-eslint's,
// plus a guard against import cycles. Run by `npm test` (scripts/test.ts, the lint tier) and `npm run lint`.
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      // A cycle between modules is a design error here (issue 14): lib/ is layered.
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  {
    // React Compiler rules (eslint-plugin-react-hooks 7). They flag the workspace's frame clock
    // and transport, which read refs during render on purpose (the painted frame comes from
    // requestVideoFrameCallback, not from React state); shown as warnings until that code is
    // moved to useSyncExternalStore.
    rules: { "react-hooks/refs": "warn", "react-hooks/set-state-in-effect": "warn" },
  },
  {
    // Tests read arbitrary JSON bodies.
    files: ["tests/**", "e2e/**", "**/*.test.ts", "**/*.test.tsx", "bench/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  globalIgnores([".next/**", "out/**", "build/**", "next-env.d.ts", "lib/generated/**", ".data/**", "node_modules/**", "public/**"]),
]);
