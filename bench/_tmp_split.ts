import { sampleFrameIndices } from "../lib/model-runs/prompt";
import { splitStills } from "../lib/export/extract-media";
const FRAMES=600;
const queries = Array.from({ length: 11 }, (_, i) => Math.round((i * (FRAMES - 1)) / 10));
const unique = [...new Set(queries.flatMap((q) => sampleFrameIndices(q, 16)))].sort((a, b) => a - b);
for (const a of [0, 0.3, 0.5, 0.6, 0.7, 0.8, 1]) { process.env.EM_ALPHA = String(a); console.log(a, splitStills(unique, 2, 30, 1).map(g => `${g.length}:[${g[0]}..${g[g.length-1]}]`).join(" ")); }
