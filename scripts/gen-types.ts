// Derives src/case/types.generated.ts from the case schema, the single source of truth.
// `npm run gen:types` rewrites it; test/case/schema.test.ts fails when it is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";

const schemaPath = fileURLToPath(new URL("../src/case/case-v1.schema.json", import.meta.url));
const outPath = fileURLToPath(new URL("../src/case/types.generated.ts", import.meta.url));

export async function generateTypes(): Promise<string> {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
  // Emit every $def as a named type; the root is Case.
  delete schema.$ref;
  // The generator reads tuples in the draft-07 spelling (items: [...]); the schema uses 2020-12's prefixItems.
  const toDraft07Tuples = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(toDraft07Tuples);
    if (node === null || typeof node !== "object") return;
    const obj = node as Record<string, unknown>;
    if (Array.isArray(obj.prefixItems)) {
      obj.items = obj.prefixItems;
      delete obj.prefixItems;
    }
    Object.values(obj).forEach(toDraft07Tuples);
  };
  toDraft07Tuples(schema);
  const root = {
    ...schema,
    title: "SchemaRoot",
    type: "object",
    properties: Object.fromEntries(Object.keys(schema.$defs).map((k) => [k, { $ref: `#/$defs/${k}` }])),
    additionalProperties: false,
  };
  const body = await compile(root, "SchemaRoot", {
    bannerComment: "/* Generated from src/case/case-v1.schema.json by `npm run gen:types`. Do not edit. */",
    additionalProperties: false,
    ignoreMinAndMaxItems: true,
    unreachableDefinitions: true,
    strictIndexSignatures: true,
    format: true,
  });
  return body;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(outPath, await generateTypes());
  console.log(`wrote ${outPath}`);
}
