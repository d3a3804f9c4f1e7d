// Python values that keep their Python type across the wire (see the schema's PyValue).
// In TypeScript a Python int is a bigint and a Python float is a number, so `typeof` tells them apart.
import type { PyValue } from "./types.generated.ts";

export type Py = null | boolean | bigint | number | string | Py[] | { [key: string]: Py };

/** Wire form -> Python-typed value. */
export function decodePy(wire: PyValue): Py {
  if (wire === null || typeof wire === "boolean" || typeof wire === "string") return wire;
  if (typeof wire === "number") return Number.isInteger(wire) ? BigInt(wire) : wire;
  if (Array.isArray(wire)) return wire.map(decodePy);
  if ("$float" in wire && Object.keys(wire).length === 1) {
    const f = (wire as { $float: number | string }).$float;
    if (typeof f === "number") return f;
    return { nan: NaN, inf: Infinity, "-inf": -Infinity, "-0": -0 }[f as "nan" | "inf" | "-inf" | "-0"];
  }
  const out: { [key: string]: Py } = {};
  for (const [k, v] of Object.entries(wire as { [k: string]: PyValue })) out[k] = decodePy(v);
  return out;
}

/** Python-typed value -> canonical wire form (integral and special floats are tagged). */
export function encodePy(value: Py): PyValue {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { $float: "nan" };
    if (value === Infinity) return { $float: "inf" };
    if (value === -Infinity) return { $float: "-inf" };
    if (Object.is(value, -0)) return { $float: "-0" };
    return Number.isInteger(value) ? { $float: value } : value;
  }
  if (Array.isArray(value)) return value.map(encodePy);
  const out: { [key: string]: PyValue } = {};
  for (const [k, v] of Object.entries(value)) out[k] = encodePy(v);
  return out;
}

/** type(v).__name__ */
export function pyTypeName(value: Py): string {
  if (value === null) return "NoneType";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "bigint") return "int";
  if (typeof value === "number") return "float";
  if (typeof value === "string") return "str";
  if (Array.isArray(value)) return "list";
  return "dict";
}

/** bool(v) */
export function pyTruthy(value: Py): boolean {
  if (value === null) return false;
  if (typeof value === "boolean") return value;
  if (typeof value === "bigint") return value !== 0n;
  if (typeof value === "number") return value !== 0 || Number.isNaN(value);
  if (typeof value === "string") return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return Object.keys(value).length > 0;
}

/** repr(float): shortest round-trip digits, Python's switch to exponent form (exp < -4 or >= 16). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expStr] = x.toExponential().split("e") as [string, string];
  const exp = Number(expStr);
  const sign = mant.startsWith("-") ? "-" : "";
  const digits = mant.replace("-", "").replace(".", "");
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp).toString().padStart(2, "0");
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${e}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac.length > 0 ? frac : "0"}`;
}

/** str(v) / repr(v) for the scalar values the modules format into messages. */
export function pyStr(value: Py): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number") return pyFloatRepr(value);
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
}

export function pyRepr(value: Py): string {
  if (typeof value === "string") return value.includes("'") && !value.includes('"') ? `"${value}"` : `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  return pyStr(value);
}
