// The contract of the HTTP API: every route declares its schemas once (withApi), and the OpenAPI
// document is generated from them (lib/openapi.ts). This fails when a route file is missing from
// the registry, when an operation has no summary, when a route takes path parameters or a JSON
// body without declaring a schema for them, and when the served document is not the routes' own.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { API_ROUTES } from "@/lib/api-routes";
import { DESCRIBED, apiOperations, openApiPath } from "@/lib/openapi";
import { GET as openapiRoute } from "@/app/api/openapi/route";
import { ZSaveAnnotationSchema } from "@/lib/annotations/schemas";
import { call, discoverRoutes } from "./helpers";

/** Writes without a JSON body, and why. */
const BODYLESS: Record<string, string> = {
  "post /api/auth/logout": "ends the session of the cookie",
  "post /api/episodes/{id}/claim": "the episode is the path",
  "post /api/exports/{id}/cancel": "the export is the path",
  "post /api/exports/{id}/resume": "the export is the path",
  "post /api/runs/{id}/cancel": "the run is the path",
  "post /api/runs/{id}/resume": "the run is the path",
  "post /api/endpoints/{id}/test": "the endpoint is the path",
  "post /api/runs/import": "a prediction file (multipart or raw), its fields in the query schema",
};

describe("the API contract", () => {
  it("registers every route file", () => {
    expect([...API_ROUTES.map((r) => r.pattern), "/api/openapi"].sort()).toEqual(discoverRoutes().map((r) => r.pattern).sort());
  });

  it("describes every operation, and nothing that does not exist", () => {
    const keys = apiOperations().map((o) => o.key);
    expect(keys.filter((k) => !DESCRIBED[k]?.summary)).toEqual([]);
    expect(Object.keys(DESCRIBED).filter((k) => !keys.includes(k))).toEqual([]);
  });

  it("declares a schema for every path parameter and every JSON body", () => {
    const missing: string[] = [];
    for (const op of apiOperations()) {
      const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      if (names.length) {
        const shape = op.handler.schemas.params ? (z.toJSONSchema(op.handler.schemas.params, { io: "input", unrepresentable: "any" }) as { properties?: object }) : null;
        for (const n of names) if (!shape?.properties || !(n in shape.properties)) missing.push(`${op.key}: path parameter ${n}`);
      }
      if (["POST", "PUT", "PATCH"].includes(op.method) && !op.handler.schemas.body && !BODYLESS[op.key]) missing.push(`${op.key}: body`);
    }
    expect(missing).toEqual([]);
    for (const k of Object.keys(BODYLESS)) expect(apiOperations().some((o) => o.key === k)).toBe(true);
  });

  it("declares what every operation answers: a response schema, or the media type of its bytes", () => {
    const missing = apiOperations().filter((op) => !op.handler.schemas.response && !op.handler.binary).map((op) => op.key);
    expect(missing).toEqual([]);
  });

  it("serves a document built from the routes' own schemas", async () => {
    const res = await call(openapiRoute as never, { url: "/api/openapi" });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; parameters: Array<{ name: string; in: string }>; description: string }>> };
    const put = doc.paths[openApiPath("/api/annotations/[id]")]!.put!;
    expect(put.requestBody!.content["application/json"]!.schema).toEqual(JSON.parse(JSON.stringify(z.toJSONSchema(ZSaveAnnotationSchema, { io: "input", unrepresentable: "any" }))));
    expect(put.parameters).toEqual([expect.objectContaining({ name: "id", in: "path" })]);
    expect(doc.paths["/api/episodes"]!.get!.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["environmentId", "outcome", "sort", "page"]));
    expect(doc.paths["/api/auth/password"]!.post!.description).toBe("Needs role ANNOTATOR or higher.");
    // Every operation of every route is in the document.
    expect(Object.values(doc.paths).reduce((n, p) => n + Object.keys(p).length, 0)).toBe(apiOperations().length);
  });
});
