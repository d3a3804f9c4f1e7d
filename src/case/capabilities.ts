// What a port declares it can run (the handshake's capabilities), and whether a case stays inside that: every node
// type, every step op and every tensor dtype (a node's parameter dtype, the tensors a step carries). An absent list
// restricts nothing, so a port that declares nothing is offered every case.
import type { Capabilities, Case, DType } from "./types.generated.ts";

/** Every dtype a case's tensors and parameters use. */
export function caseDtypes(c: Case): Set<DType> {
  const out = new Set<DType>();
  for (const node of Object.values(c.nodes)) if (node.dtype !== undefined) out.add(node.dtype);
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>;
      if (typeof o.dtype === "string" && typeof o.data === "string" && Array.isArray(o.shape)) out.add(o.dtype as DType);
      else Object.values(o).forEach(visit);
    }
  };
  c.steps.forEach(visit);
  return out;
}

/**
 * The first thing `c` uses that `caps` does not declare ("module BatchNorm3d", "op register_forward_hook",
 * "dtype float64"), or undefined when the port declares it can run the whole case.
 */
export function outsideCapabilities(c: Case, caps: Capabilities | undefined): string | undefined {
  if (caps === undefined) return undefined;
  if (caps.modules) {
    const allowed = new Set<string>(caps.modules);
    const missing = Object.values(c.nodes).find((n) => !allowed.has(n.type));
    if (missing) return `module ${missing.type}`;
  }
  if (caps.ops) {
    const allowed = new Set(caps.ops);
    const missing = c.steps.find((s) => !allowed.has(s.op));
    if (missing) return `op ${missing.op}`;
  }
  if (caps.dtypes) {
    const allowed = new Set<string>(caps.dtypes);
    const missing = [...caseDtypes(c)].find((d) => !allowed.has(d));
    if (missing) return `dtype ${missing}`;
  }
  return undefined;
}

/** The capabilities in one canonical form (lists sorted, empty object when nothing is declared), for ids and reports. */
export function canonicalCapabilities(caps: Capabilities | undefined): Capabilities {
  const out: Capabilities = {};
  if (caps?.modules) out.modules = [...caps.modules].sort();
  if (caps?.ops) out.ops = [...caps.ops].sort();
  if (caps?.dtypes) out.dtypes = [...caps.dtypes].sort();
  return out;
}

/** Capabilities in words, for --help-like listings and reports. */
export function describeCapabilities(caps: Capabilities | undefined): string {
  const c = canonicalCapabilities(caps);
  const parts = (["modules", "ops", "dtypes"] as const).filter((k) => c[k] !== undefined).map((k) => `${k}: ${c[k]!.join(", ")}`);
  return parts.length > 0 ? parts.join("; ") : "everything (no capabilities declared)";
}

/** A short stable signature of declared capabilities (8 hex digits, FNV-1a of the canonical form); "" when nothing is declared. */
export function capabilitySignature(caps: Capabilities | undefined): string {
  const c = canonicalCapabilities(caps);
  if (Object.keys(c).length === 0) return "";
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(c)) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}
