// Expected failures of a port (--expectations FILE): loading against expectations.schema.json, matching
// against judged cases, and what is left over (entries matching nothing, unexpected passes).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { PACKAGE_ROOT } from "../package-root.ts";
import { globRegExp } from "./glob.ts";

const schema = createRequire(import.meta.url)(path.join(PACKAGE_ROOT, "src", "verify", "expectations.schema.json")) as object;
const validate = new Ajv2020({ allErrors: false, strict: false }).compile(schema);

export interface Expectation {
  feature?: string | string[];
  case?: string;
  path?: string;
  reason: string;
}

export interface ExpectationFile {
  port?: string;
  expectations: Expectation[];
}

/** What matching needs to know about a judged case. */
export interface JudgedCase {
  id: string;
  tags: readonly string[];
  status: "pass" | "fail" | "unsupported";
  /** The first differing field, for failures. */
  path?: string;
}

export function parseExpectations(value: unknown, source: string): ExpectationFile {
  if (!validate(value)) {
    const e = validate.errors?.[0];
    throw new Error(`${source}: not a valid expectations file: ${e?.instancePath || "/"} ${e?.message ?? "invalid"}`);
  }
  return value as ExpectationFile;
}

export async function loadExpectations(file: string): Promise<ExpectationFile> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new Error(`${file}: cannot read the expectations file (${(e as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`);
  }
  return parseExpectations(value, file);
}

export const describeExpectation = (e: Expectation) =>
  [e.feature && `feature ${[e.feature].flat().join(" + ")}`, e.case && `case ${e.case}`, e.path && `path ${e.path}`].filter(Boolean).join(", ");

export class ExpectationMatcher {
  private readonly compiled: { e: Expectation; features: RegExp[]; case?: RegExp; path?: RegExp }[];
  /** Per entry: failures it explained, and passing cases its selectors (feature/case) reach. */
  readonly explained: number[];
  readonly passedUnder: number[];

  constructor(readonly entries: readonly Expectation[]) {
    this.compiled = entries.map((e) => ({
      e,
      features: (e.feature === undefined ? [] : typeof e.feature === "string" ? [e.feature] : e.feature).map(globRegExp),
      case: e.case === undefined ? undefined : globRegExp(e.case),
      path: e.path === undefined ? undefined : globRegExp(e.path),
    }));
    this.explained = entries.map(() => 0);
    this.passedUnder = entries.map(() => 0);
  }

  private selects(i: number, c: JudgedCase): boolean {
    const x = this.compiled[i]!;
    return x.features.every((re) => c.tags.some((t) => re.test(t))) && (x.case === undefined || x.case.test(c.id));
  }

  /** Does entry i explain this failure (its selectors reach the case, and its path, if any, the difference)? */
  explains(i: number, c: JudgedCase): boolean {
    const path = this.compiled[i]!.path;
    return c.status === "fail" && this.selects(i, c) && (path === undefined || (c.path !== undefined && path.test(c.path)));
  }

  /** Records the case; for a failure, returns the first entry that explains it (then it is an expected failure). */
  observe(c: JudgedCase): Expectation | undefined {
    let found: Expectation | undefined;
    this.compiled.forEach((x, i) => {
      if (!this.selects(i, c)) return;
      if (c.status === "pass") this.passedUnder[i]!++;
      else if (c.status === "fail" && (x.path === undefined || (c.path !== undefined && x.path.test(c.path)))) {
        this.explained[i]!++;
        found ??= x.e;
      }
    });
    return found;
  }

  /** Entries that matched no case at all. */
  unmatched(): Expectation[] {
    return this.entries.filter((_, i) => this.explained[i] === 0 && this.passedUnder[i] === 0);
  }

  /** Entries whose cases all passed: the port no longer fails there. */
  unexpectedPasses(): Expectation[] {
    return this.entries.filter((_, i) => this.explained[i] === 0 && this.passedUnder[i]! > 0);
  }
}
