// `--case <file|id>`: one case to rerun. A file holds a Case (PyTorch's answer is asked of the oracle) or a stored
// case with its golden result (a regression entry, {case, golden}); an id names a generated case (g<seed>-<i>,
// regenerated from its seed) or a case of the golden corpus or the regressions (replayed with its stored golden).
import { existsSync } from "node:fs";
import { readJsonFileSync } from "../json-file.ts";
import { type Capabilities, capabilitySignature, type Case, validateCase, validateResult } from "../case/index.ts";
import { loadReplayCorpus, regressionsSource } from "../corpus/corpus.ts";
import { generateCases, parseGeneratedId } from "./generated.ts";
import type { EngineItem } from "./run.ts";

export interface OneCase {
  item: EngineItem;
}

function fromFile(file: string): OneCase {
  let value: unknown;
  try {
    value = readJsonFileSync(file, "the case file");
  } catch (e) {
    throw new Error(`--case ${(e as Error).message}`);
  }
  const stored = value !== null && typeof value === "object" && "case" in value && "golden" in value ? (value as { case: unknown; golden: unknown }) : undefined;
  const c = validateCase(stored ? stored.case : value);
  if (!c.ok) throw new Error(`--case ${file}: not a case of schema v1: ${c.issues.map((i) => `${i.where} ${i.message}`).join("; ")}`);
  if (!stored) return { item: { case: c.value, suite: "case", source: file } };
  const g = validateResult(stored.golden);
  if (!g.ok) throw new Error(`--case ${file}: its golden is not a Result of schema v1: ${g.issues.map((i) => `${i.where} ${i.message}`).join("; ")}`);
  return { item: { case: c.value, suite: "case", source: file, golden: { id: c.value.id, status: "ok", result: { ...g.value, id: c.value.id } } } };
}

async function fromId(id: string, fixtures?: string, caps?: Capabilities): Promise<OneCase> {
  const generated = parseGeneratedId(id);
  if (generated) {
    const { seed, index, signature } = generated;
    if (signature !== capabilitySignature(caps)) {
      throw new Error(`--case ${id}: generated for a port declaring capabilities ${signature === "" ? "(none)" : `@${signature}`}; this port's are ${capabilitySignature(caps) === "" ? "none" : `@${capabilitySignature(caps)}`}: rerun it with the port that made it`);
    }
    // index + 1 cases kept reach at least stream position index
    const g = generateCases(seed, index + 1, [], undefined, caps).find((x) => x.index === index);
    if (!g) throw new Error(`--case ${id}: the generated case at index ${index} lies outside the port's declared capabilities`);
    const c: Case = g.case;
    return { item: { case: c, suite: "case" } };
  }
  const corpus = await loadReplayCorpus({ dir: fixtures, extra: [regressionsSource] });
  const found = corpus.items.find((i) => i.case.id === id);
  if (!found) throw new Error(`--case ${id}: no such file, and no case with this id in the golden corpus or the regressions (generated cases are named g<seed>-<index>)`);
  return { item: { ...found, suite: "case" } };
}

/** `caps`: the port's declared capabilities, which a generated id's stream was narrowed to. */
export const loadOneCase = (spec: string, fixtures?: string, caps?: Capabilities): Promise<OneCase> => (existsSync(spec) ? Promise.resolve(fromFile(spec)) : fromId(spec, fixtures, caps));
