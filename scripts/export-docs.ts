// `npm run docs:exports`: rewrites the per-format part of docs/exports.md from the registry
// (lib/export/export-docs.ts), keeping the hand-written sections after it (from "## LeRobot v3.0").
import { readFileSync, writeFileSync } from "node:fs";
import { exportFormatsDoc } from "../lib/export/export-docs";

const file = "docs/exports.md";
const text = readFileSync(file, "utf8");
const at = text.indexOf("## LeRobot v3.0");
writeFileSync(file, `${exportFormatsDoc()}${at >= 0 ? text.slice(at) : ""}`);
console.log(`${file} updated`);
