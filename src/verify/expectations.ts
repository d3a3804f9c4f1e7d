// Expected failures of a port (--expectations FILE): loading against expectations.schema.json, matching
// against judged cases, and what is left over (entries matching nothing, unexpected passes).
import { readJsonFile } from "../json-file.ts";
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

/** What matching needs to know about a judged case: who it is, and (for a failure) every difference's path. */
export interface JudgedCase {
  id: string;
  tags: readonly string[];
  status: "pass" | "fail" | "unsupported";
  paths?: readonly string[];
}

export function parseExpectations(value: unknown, source: string): ExpectationFile {
  if (!validate(value)) {
    const e = validate.errors?.[0];
    throw new Error(`${source}: not a valid expectations file: ${e?.instancePath || "/"} ${e?.message ?? "invalid"}`);
  }
  return value as ExpectationFile;
}

export async function loadExpectations(file: string): Promise<ExpectationFile> {
  return parseExpectations(await readJsonFile(file, "the expectations file"), file);
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

  /** Does entry i explain this difference of a failed case (its selectors reach the case, its path the field)? */
  explains(i: number, c: JudgedCase, path: string): boolean {
    const re = this.compiled[i]!.path;
    return c.status === "fail" && this.selects(i, c) && (re === undefined || re.test(path));
  }

  /**
   * Records the case. For a failure, returns per difference (in `paths` order) the first entry explaining it, so an
   * expected difference never hides an unexpected one; an entry counts each case it explains once.
   */
  observe(c: JudgedCase): (Expectation | undefined)[] {
    if (c.status === "pass") this.compiled.forEach((_, i) => this.selects(i, c) && this.passedUnder[i]!++);
    if (c.status !== "fail") return [];
    const used = new Set<number>();
    const found = (c.paths ?? []).map((path) => {
      const i = this.compiled.findIndex((_, k) => this.explains(k, c, path));
      if (i < 0) return undefined;
      used.add(i);
      return this.compiled[i]!.e;
    });
    for (const i of used) this.explained[i]!++;
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
