// Parquet for the LeRobot v3 writer (pure): typed columns written with hyparquet-writer in the
// physical layout pyarrow gives pandas frames (nullable columns, INT64 integers, FLOAT/DOUBLE,
// UTF8 strings, 3-level LIST<element> groups), so pyarrow reads back exactly the Arrow types
// LeRobot's code expects (int64, float32, double, string, list<string>, list<int64>, …), and
// source columns copied with their own schema elements.
import { parquetMetadata, parquetReadObjects, parquetSchema, type FileMetaData, type SchemaElement } from "hyparquet";
import { ByteWriter, parquetWrite } from "hyparquet-writer";

export type LeafType = "INT64" | "DOUBLE" | "FLOAT" | "STRING";
export type ColumnType = LeafType | `LIST<${LeafType}>`;

/** One column to write: values in row order (null for a missing value). */
export interface TypedColumn {
  name: string;
  type: ColumnType;
  data: readonly unknown[];
}

/** A column copied from a source file: its own schema subtree and values as hyparquet decoded them. */
export interface RawColumn {
  name: string;
  schema: SchemaElement[];
  data: readonly unknown[];
}

const LEAF: Record<LeafType, Omit<SchemaElement, "name">> = {
  INT64: { type: "INT64" },
  DOUBLE: { type: "DOUBLE" },
  FLOAT: { type: "FLOAT" },
  STRING: { type: "BYTE_ARRAY", converted_type: "UTF8" },
};

function schemaOf(col: TypedColumn): SchemaElement[] {
  const list = /^LIST<(.+)>$/.exec(col.type);
  if (list) {
    return [
      { name: col.name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
      { name: "list", repetition_type: "REPEATED", num_children: 1 },
      { name: "element", repetition_type: "OPTIONAL", ...LEAF[list[1] as LeafType] },
    ];
  }
  return [{ name: col.name, repetition_type: "OPTIONAL", ...LEAF[col.type as LeafType] }];
}

function cell(type: string, v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (type === "INT64") return typeof v === "bigint" ? v : BigInt(v as number);
  if (type === "FLOAT") return Math.fround(Number(v));
  if (type === "DOUBLE") return Number(v);
  if (type.startsWith("LIST<")) return Array.from(v as ArrayLike<unknown>, (x) => cell(type.slice(5, -1), x));
  return v;
}

/** A parquet file of typed and copied columns (all of one length), one row group. */
export function writeColumns(columns: readonly (TypedColumn | RawColumn)[], kvMetadata?: { key: string; value: string }[]): Uint8Array {
  const rows = columns.length ? columns[0].data.length : 0;
  for (const c of columns) if (c.data.length !== rows) throw new RangeError(`parquet column ${c.name} has ${c.data.length} values, expected ${rows}`);
  const schema: SchemaElement[] = [{ name: "root", num_children: columns.length }];
  const columnData = columns.map((c) => {
    if ("type" in c) {
      schema.push(...schemaOf(c));
      return { name: c.name, data: c.data.map((v) => cell(c.type, v)) as never };
    }
    schema.push(...c.schema);
    return { name: c.name, data: c.data as never };
  });
  const writer = new ByteWriter();
  parquetWrite({ writer, schema, columnData, statistics: false, createdBy: "critic-studio", kvMetadata, rowGroupSize: Math.max(1, rows) });
  return new Uint8Array(writer.getBuffer());
}

/**
 * The pandas metadata pyarrow writes for a frame whose index is the string column `indexName`
 * (LeRobot's meta/tasks.parquet: `tasks.to_parquet(path)` on a frame indexed by the task string,
 * src/lerobot/datasets/io_utils.py write_tasks @ 7427f31); `pd.read_parquet` then gives the strings
 * as the index.
 */
export function pandasIndexMetadata(intColumn: string, indexName: string): { key: string; value: string } {
  return {
    key: "pandas",
    value: JSON.stringify({
      index_columns: [indexName],
      column_indexes: [],
      columns: [
        { name: intColumn, field_name: intColumn, pandas_type: "int64", numpy_type: "int64", metadata: null },
        { name: indexName, field_name: indexName, pandas_type: "unicode", numpy_type: "object", metadata: null },
      ],
      creator: { library: "critic-studio", version: "1" },
      pandas_version: "2.2.3",
    }),
  };
}

export interface ParsedParquet {
  metadata: FileMetaData;
  /** Top-level column names in file order. */
  columns: string[];
  /** Each top-level column's schema subtree (its element and its descendants), for copying. */
  schemaOf: Map<string, SchemaElement[]>;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Metadata, column names and schema subtrees of a parquet file. */
export function parseParquet(bytes: Uint8Array): ParsedParquet & { file: ArrayBuffer } {
  const file = toArrayBuffer(bytes);
  const metadata = parquetMetadata(file);
  const tree = parquetSchema(metadata);
  const schemaOf = new Map<string, SchemaElement[]>();
  const flatten = (node: (typeof tree.children)[number], out: SchemaElement[]) => {
    out.push(node.element);
    for (const child of node.children) flatten(child, out);
  };
  for (const child of tree.children) {
    const out: SchemaElement[] = [];
    flatten(child, out);
    schemaOf.set(child.element.name, out);
  }
  return { file, metadata, columns: tree.children.map((c) => c.element.name), schemaOf };
}

/** All rows of a parquet file as objects (INT64 as bigint, lists as arrays). */
export async function readRows(bytes: Uint8Array, columns?: string[]): Promise<{ parsed: ParsedParquet; rows: Record<string, unknown>[] }> {
  const parsed = parseParquet(bytes);
  const wanted = columns ? columns.filter((c) => parsed.columns.includes(c)) : parsed.columns;
  const rows = wanted.length ? ((await parquetReadObjects({ file: parsed.file, metadata: parsed.metadata, columns: wanted })) as Record<string, unknown>[]) : [];
  return { parsed, rows };
}
