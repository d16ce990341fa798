// The hand-written SQL migrations must produce exactly what schema.prisma describes:
// tables, columns, types, nullability, defaults, enums, indexes and foreign keys.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import wasm from "@prisma/prisma-schema-wasm";
import { db } from "@/lib/db";

interface DField { name: string; dbName: string | null; kind: string; type: string; isRequired: boolean; isList: boolean; hasDefaultValue: boolean; nativeType: [string, string[]] | null; relationFromFields?: string[]; relationOnDelete?: string }
interface DModel { name: string; dbName: string | null; fields: DField[] }
interface DIndex { model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: Array<{ name: string }>; algorithm?: string }
const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", readFileSync("prisma/schema.prisma", "utf8")]] }))) as {
  datamodel: { models: DModel[]; enums: Array<{ name: string; values: Array<{ name: string }> }>; indexes: DIndex[] };
};
const models = dmmf.datamodel.models;
const tableOf = (m: DModel) => m.dbName ?? m.name;
const colOf = (f: DField) => f.dbName ?? f.name;
const modelByName = new Map(models.map((m) => [m.name, m]));

const SCALAR_UDT: Record<string, string> = { Int: "int4", String: "text", Boolean: "bool", Float: "float8", Json: "jsonb", BigInt: "int8", DateTime: "timestamp" };
function expectedUdt(f: DField): string {
  let base = f.kind === "enum" ? f.type : SCALAR_UDT[f.type]!;
  if (f.type === "DateTime" && f.nativeType?.[0] === "Timestamptz") base = "timestamptz";
  return f.isList ? `_${base}` : base;
}

describe("migrations match schema.prisma", () => {
  it("has the same tables", async () => {
    const rows = await db.$queryRaw<Array<{ table_name: string }>>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`;
    expect(rows.map((r) => r.table_name).sort()).toEqual(models.map(tableOf).sort());
  });

  it("has the same columns, types, nullability and defaults", async () => {
    const rows = await db.$queryRaw<Array<{ table_name: string; column_name: string; udt_name: string; is_nullable: string; column_default: string | null }>>`
      SELECT table_name, column_name, udt_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`;
    const actual = rows.map((r) => `${r.table_name}.${r.column_name} ${r.udt_name} ${r.is_nullable === "YES" ? "NULL" : "NOT NULL"} ${r.column_default !== null ? "DEFAULT" : ""}`.trim()).sort();
    const expected = models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind === "scalar" || f.kind === "enum")
          // Prisma emits scalar lists as nullable columns.
          .map((f) => `${tableOf(m)}.${colOf(f)} ${expectedUdt(f)} ${f.isRequired && !f.isList ? "NOT NULL" : "NULL"} ${f.hasDefaultValue ? "DEFAULT" : ""}`.trim()),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it("has the same enums", async () => {
    const rows = await db.$queryRaw<Array<{ typname: string; enumlabel: string }>>`
      SELECT t.typname, e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
      JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = 'public' ORDER BY t.typname, e.enumsortorder`;
    const actual: Record<string, string[]> = {};
    for (const r of rows) (actual[r.typname] ??= []).push(r.enumlabel);
    const expected = Object.fromEntries(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
    expect(actual).toEqual(expected);
  });

  it("has the same indexes (columns, uniqueness, method)", async () => {
    const rows = await db.$queryRaw<Array<{ tbl: string; cols: string[]; uniq: boolean; method: string }>>`
      SELECT c.relname AS tbl, i.indisunique AS uniq, am.amname AS method,
             array(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord) AS cols
      FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
      WHERE n.nspname = 'public' AND c.relname <> '_prisma_migrations'`;
    const actual = rows.map((r) => `${r.tbl}(${r.cols.join(",")}) ${r.uniq ? "unique" : "index"} ${r.method}`).sort();
    const expected = dmmf.datamodel.indexes
      .map((ix) => {
        const m = modelByName.get(ix.model)!;
        const cols = ix.fields.map((f) => colOf(m.fields.find((x) => x.name === f.name)!));
        return `${tableOf(m)}(${cols.join(",")}) ${ix.type === "normal" ? "index" : "unique"} ${(ix.algorithm ?? "BTree").toLowerCase()}`;
      })
      .sort();
    expect(actual).toEqual(expected);
  });

  it("has the same foreign keys and delete rules", async () => {
    const rows = await db.$queryRaw<Array<{ tbl: string; cols: string[]; ref: string; del: string }>>`
      SELECT c.relname AS tbl, r.relname AS ref, con.confdeltype::text AS del,
             array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS cols
      FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_class r ON r.oid = con.confrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE con.contype = 'f' AND n.nspname = 'public'`;
    const DEL: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };
    const actual = rows.map((r) => `${r.tbl}(${r.cols.join(",")}) -> ${r.ref} ${DEL[r.del]}`).sort();
    const expected = models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind === "object" && f.relationFromFields?.length)
          .map((f) => {
            const cols = f.relationFromFields!.map((n) => colOf(m.fields.find((x) => x.name === n)!));
            const del = f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull");
            return `${tableOf(m)}(${cols.join(",")}) -> ${tableOf(modelByName.get(f.type)!)} ${del}`;
          }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });
});
