// Errors that carry PyTorch's exception type and message, and a sink for Python warnings.
// A TorchError's `message` is exactly what Python's str(e) prints for the exception PyTorch raises.

export type PyErrorType =
  | "ValueError"
  | "RuntimeError"
  | "TypeError"
  | "IndexError"
  | "NotImplementedError"
  | "KeyError"
  | "AttributeError"
  | "ZeroDivisionError"
  | "AssertionError";

export class TorchError extends Error {
  readonly pyType: PyErrorType;

  constructor(pyType: PyErrorType, message: string) {
    // A TorchError is an expected outcome, judged by its type and message: no JS stack is captured (capturing one
    // took 30 µs a time, a tenth of a fixture replay).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.pyType = pyType;
    this.name = pyType;
  }
}

export const valueError = (msg: string) => new TorchError("ValueError", msg);
export const runtimeError = (msg: string) => new TorchError("RuntimeError", msg);
export const typeError = (msg: string) => new TorchError("TypeError", msg);
export const indexError = (msg: string) => new TorchError("IndexError", msg);
export const notImplementedError = (msg: string) => new TorchError("NotImplementedError", msg);
export const attributeError = (msg: string) => new TorchError("AttributeError", msg);
export const zeroDivisionError = (msg: string) => new TorchError("ZeroDivisionError", msg);
/** KeyError(arg): str() of a KeyError is the repr of its argument (quotes included for a str). */
export const keyError = (arg: string | number | bigint) => new TorchError("KeyError", typeof arg === "string" ? pyStrRepr(arg) : String(arg));

/** repr(s) for a Python str, as CPython 3.11 writes it (quote choice and escapes). */
export function pyStrRepr(s: string): string {
  const hasApostrophe = s.includes("'");
  const quote = hasApostrophe && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (isPrintable(ch)) out += ch;
    else out += hexEscape(cp);
  }
  return out + quote;
}

/**
 * repr()'s escape of a non-printable code point: the shortest of \xhh, \uhhhh and \Uhhhhhhhh its hex digits fit in.
 * (By digit count, not by comparing with U+0100 and U+10000: both are printable, so repr never escapes either, and
 * a bound written as a comparison would leave a mutant there that no string can show.)
 */
function hexEscape(cp: number): string {
  const hex = cp.toString(16);
  const [letter, digits] = hex.length <= 2 ? ["x", 2] : hex.length <= 4 ? ["u", 4] : ["U", 8];
  return "\\" + letter + hex.padStart(digits, "0");
}

// Py_UNICODE_ISPRINTABLE: not in categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs, except the space itself.
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;
function isPrintable(ch: string): boolean {
  return ch === " " || !NON_PRINTABLE.test(ch);
}

// ---------------------------------------------------------------------------------------------
// Warnings: warn() appends to the innermost active catchWarnings() sink; outside any, it goes to the listeners
// registered with onWarning(), or, with none, to Node's process.emitWarning (printed on stderr, as Python prints an
// uncaught warning).

export interface PyWarning {
  category: string;
  message: string;
}

const sinks: PyWarning[][] = [];

const listeners = new Set<(warning: PyWarning) => void>();

export function warn(message: string, category = "UserWarning"): void {
  const sink = sinks.at(-1);
  if (sink) sink.push({ category, message });
  else if (listeners.size > 0) for (const listener of listeners) listener({ category, message });
  else process.emitWarning(message, category);
}

/** Calls listener with every warning emitted outside catchWarnings(); returns the function that unregisters it. */
export function onWarning(listener: (warning: PyWarning) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type Caught<T> = { ok: true; value: T; warnings: PyWarning[] } | { ok: false; error: unknown; warnings: PyWarning[] };

/** Runs fn, recording every warning it emits (Python's warnings.catch_warnings(record=True) with "always"). */
export function catchWarnings<T>(fn: () => T): Caught<T> {
  const warnings: PyWarning[] = [];
  sinks.push(warnings);
  try {
    return { ok: true, value: fn(), warnings };
  } catch (error) {
    return { ok: false, error, warnings };
  } finally {
    sinks.pop();
  }
}
