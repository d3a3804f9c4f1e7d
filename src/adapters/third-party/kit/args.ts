// A node's constructor arguments by parameter name, for ports that map them onto another library's options.
// Argument lists PyTorch itself would refuse to bind (too many, unknown or repeated names) are not mapped: the
// port answers unsupported for them rather than imitating CPython's TypeError.
import type { Node } from "../../../case/index.ts";
import { decodePy, type Py } from "../../../case/pyvalue.ts";
import { keywordOnlyNames, MODULES, positionalNames } from "../../../modules/index.ts";
import { Unsupported } from "../unsupported.ts";

/** Binds to the type's signature in the module table, or to the names given (`[]`: the port maps no argument). */
export function bindArgs(node: Node, positional: readonly string[] = positionalNames(MODULES[node.type]), keywordOnly: readonly string[] = keywordOnlyNames(MODULES[node.type])): Map<string, Py> {
  const args = node.args ?? [];
  if (args.length > positional.length) throw new Unsupported("constructor arguments", `${node.type} takes at most ${positional.length} positional arguments, got ${args.length}`);
  const bound = new Map<string, Py>(args.map((a, i) => [positional[i]!, decodePy(a)]));
  for (const [k, v] of Object.entries(node.kwargs ?? {})) {
    if (!positional.includes(k) && !keywordOnly.includes(k)) throw new Unsupported("constructor arguments", `${node.type} has no argument ${k}`);
    if (bound.has(k)) throw new Unsupported("constructor arguments", `${node.type} got ${k} twice`);
    bound.set(k, decodePy(v));
  }
  return bound;
}

/** A Python number as a JS number (other values as they are: the library decides what it does with them). */
export const jsValue = (v: Py): unknown => (typeof v === "bigint" ? Number(v) : v);
