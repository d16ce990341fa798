import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { exportFormatsDoc } from "./export-docs";

describe("docs/exports.md", () => {
  it("holds the registry's own description of every format (regenerate with `npm run docs:exports`)", () => {
    expect(readFileSync("docs/exports.md", "utf8").startsWith(exportFormatsDoc())).toBe(true);
  });
});
