// The per-format part of docs/exports.md, made from the registry (pure), so the document says
// what the code does: export-docs.test.ts fails when docs/exports.md no longer holds this text.
import { ZExportConfigSchema } from "./config";
import { cardContext, mediaRules, shardExt } from "./dataset-card";
import { FORMATS } from "./formats";
import { EXPORT_FORMATS } from "./formats/ids";
import { BENCHMARK_GROUPS } from "./formats/benchmark";
import type { FormatGroup } from "./plan";

export function exportFormatsDoc(): string {
  const config = ZExportConfigSchema.parse({ formats: ["primo-rl"] });
  const out = [
    "# Export formats",
    "",
    "Every format is one module in `lib/export/formats/` (see ARCHITECTURE.md). What each holds and how to train on it; the reader rules each record is checked against when it is written are in [trainer-readers.md](trainer-readers.md).",
    "",
    "## Rules shared by the video formats",
    "",
    `- Query frame 0 and short V_seq: ${mediaRules(config).queryFrameZero}`,
    `- Clip timing (\`clipTiming\`, default real): ${mediaRules(config).clipTiming}`,
    `- Fixed timing (\`{"mode":"fixed","fps":2}\`): ${mediaRules({ ...config, clipTiming: { mode: "fixed", fps: 2 } }).clipTiming}`,
    "- Media paths are relative to the export folder, or absolute under `mediaRoot` when it is set (the folder the export will be in on the training machine; PRIMO R1's GRPO trainer and verl need it).",
    "- An export that would write an empty format, or one its episodes cannot be written in, is refused before it starts, naming the format and why; the export form and `POST /api/releases/:id/exports/preview` show what each format will hold.",
    "",
  ];
  for (const f of EXPORT_FORMATS) {
    const m = FORMATS[f];
    if (m.file === "dataset") continue;
    const names = m.items === "benchmark" ? BENCHMARK_GROUPS.map((t) => t.toLowerCase()) : ["train", "test"];
    const groups = names.map((group) => ({ format: f, group, items: [] })) as FormatGroup[];
    out.push(
      `## ${f}: ${m.label}`,
      "",
      m.cardNote,
      "",
      `Shards: \`${f}/<split>/${f}-<split>-NNNNN-of-NNNNN.${shardExt(f, "files")}\`${m.webdataset ? " (WebDataset tars with `layout: webdataset`)" : ""}. Reader: ${m.reader.trainer} (${m.reader.source}).`,
      "",
      m.cardSnippet(cardContext(f, config, groups)),
      "",
    );
  }
  return `${out.join("\n")}\n`;
}
