// The worker's first stdout line: parsed, validated against the schema's Handshake and checked against what the
// caller expects (for the oracle: a supported torch version under the reference PINS, src/case/reference.ts).
import { PINS, validateHandshake, type Handshake } from "../case/index.ts";

/** What the handshake must say; an absent field is not checked. */
export interface HandshakeExpectations {
  protocol?: number;
  schema?: number;
  /** torch version prefix, e.g. "2.13.0" accepts "2.13.0+cpu". */
  torchPrefix?: string;
  cpuCapability?: string;
  threads?: number;
  /** The handshake must name its torch build (torch, gitVersion, cpuCapability, threads, python), as PyTorch's does. */
  torchBuild?: boolean;
}

/** Any worker speaking protocol 1 with case schema 1. */
export const PROTOCOL_EXPECTATIONS: HandshakeExpectations = { protocol: 1, schema: 1 };

/** The oracle: real PyTorch `version` (a SUPPORTED_TORCH row's) in the reference configuration. */
export const oracleExpectations = (version: string): HandshakeExpectations => ({ ...PROTOCOL_EXPECTATIONS, torchPrefix: version, ...PINS, torchBuild: true });

/** oracleExpectations without the version and the pins, for a caller that checks those itself (regen). */
export const UNPINNED: Partial<HandshakeExpectations> = { torchPrefix: undefined, cpuCapability: undefined, threads: undefined };

/** The handshake's fields naming a torch build; a port that is not torch-backed names implementation and version instead. */
export const TORCH_FIELDS = ["torch", "gitVersion", "cpuCapability", "threads", "python"] as const;

export type TorchHandshake = Handshake & Required<Pick<Handshake, (typeof TORCH_FIELDS)[number]>>;

export const isTorchHandshake = (h: Partial<Handshake>): h is TorchHandshake => TORCH_FIELDS.every((f) => h[f] !== undefined);

export type HandshakeFailure = "spawn" | "exited" | "timeout" | "invalid" | "mismatch";

export interface Mismatch {
  field: keyof Handshake;
  expected: string;
  got: string;
}

/** The worker did not come up: why (kind), what it said (handshake, if it said anything) and its last stderr lines. */
export class HandshakeError extends Error {
  constructor(
    readonly kind: HandshakeFailure,
    message: string,
    readonly details: { mismatches?: Mismatch[]; handshake?: Handshake; stderr?: string[] } = {},
  ) {
    super(message);
    this.name = "HandshakeError";
  }
}

const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : String(v));

function mismatchesOf(h: Record<string, unknown>, expect: HandshakeExpectations): Mismatch[] {
  const out: Mismatch[] = [];
  const exact = (field: keyof Handshake, want: unknown) => {
    if (want !== undefined && h[field] !== want) out.push({ field, expected: show(want), got: show(h[field]) });
  };
  exact("protocol", expect.protocol);
  exact("schema", expect.schema);
  if (expect.torchPrefix !== undefined && !(typeof h.torch === "string" && h.torch.startsWith(expect.torchPrefix))) {
    out.push({ field: "torch", expected: `a version starting with ${show(expect.torchPrefix)}`, got: show(h.torch) });
  }
  exact("cpuCapability", expect.cpuCapability);
  exact("threads", expect.threads);
  if (expect.torchBuild) for (const f of TORCH_FIELDS) if (h[f] === undefined) out.push({ field: f, expected: "a torch build's value", got: "nothing" });
  return out;
}

/** Parses and checks a handshake line; throws a HandshakeError naming expected vs got. */
export function checkHandshake(line: string, expect: HandshakeExpectations): Handshake {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new HandshakeError("invalid", `the worker's first stdout line is not JSON: ${show(line.slice(0, 200))}`);
  }
  if (typeof parsed !== "object" || parsed === null || (parsed as { type?: unknown }).type !== "handshake") {
    throw new HandshakeError("invalid", `the worker's first stdout line is not a handshake: ${line.slice(0, 200)}`);
  }
  const h = parsed as Record<string, unknown>;
  // Version fields first: a worker of another protocol fails with "expected 1, got 2", not a schema complaint.
  const versions = mismatchesOf(h, { protocol: expect.protocol, schema: expect.schema });
  const valid = validateHandshake(parsed);
  if (versions.length === 0 && !valid.ok) {
    const issues = valid.issues.map((i) => `${i.where} ${i.message}`).join("; ");
    throw new HandshakeError("invalid", `the worker's handshake does not match the schema: ${issues}`);
  }
  const mismatches = versions.length > 0 ? versions : mismatchesOf(h, expect);
  if (mismatches.length > 0) {
    const what = mismatches.map((m) => `${m.field}: expected ${m.expected}, got ${m.got}`).join("; ");
    throw new HandshakeError("mismatch", `the worker's handshake does not match: ${what}`, { mismatches, handshake: parsed as Handshake });
  }
  return parsed as Handshake;
}
