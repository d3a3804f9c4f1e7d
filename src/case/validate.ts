// Validation of wire messages against the case schema, the same file the oracle validates against.
import { createRequire } from "node:module";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { PACKAGE_ROOT } from "../package-root.ts";
import type { Case, Handshake, Request, Response, Result } from "./types.generated.ts";

/** The schema file itself, read from where the package ships it (the compiled code lives elsewhere). */
export const CASE_SCHEMA_FILE = path.join(PACKAGE_ROOT, "src", "case", "case-v1.schema.json");
export const caseSchema = createRequire(import.meta.url)(CASE_SCHEMA_FILE) as { $defs: Record<string, unknown> };
export const SCHEMA_VERSION = 1 as const;

const ajv = new Ajv2020({ allErrors: false, strict: false, discriminator: true }); // Step picks its kind by op
ajv.addSchema(caseSchema, "case-v1");
const compiled = (def: string) => ajv.getSchema(`case-v1#/$defs/${def}`)!;

export interface SchemaIssue {
  where: string;
  message: string;
}

function check<T>(def: string, value: unknown): { ok: true; value: T } | { ok: false; issues: SchemaIssue[] } {
  const v = compiled(def);
  if (v(value)) return { ok: true, value: value as T };
  return { ok: false, issues: (v.errors ?? []).map((e) => ({ where: e.instancePath || "/", message: e.message ?? "invalid" })) };
}

export const validateCase = (value: unknown) => check<Case>("Case", value);
export const validateRequest = (value: unknown) => check<Request>("Request", value);
export const validateResult = (value: unknown) => check<Result>("Result", value);
export const validateResponse = (value: unknown) => check<Response>("Response", value);
export const validateHandshake = (value: unknown) => check<Handshake>("Handshake", value);
