// Strict deep equality of two wire (JSON) values, reporting the first differing path as a JSON pointer.
// Tensors are base64 of their bytes on the wire, so equal strings mean bit-identical tensors.

const describe = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 200 ? `${s.slice(0, 200)}...` : s;
};

export function firstDifference(expected: unknown, actual: unknown, path = ""): string | null {
  const here = path === "" ? "/" : path;
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual)) return `${here}: expected ${describe(expected)}, got ${describe(actual)}`;
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      if (i >= expected.length) return `${path}/${i}: unexpected extra element ${describe(actual[i])}`;
      if (i >= actual.length) return `${path}/${i}: missing element ${describe(expected[i])}`;
      const d = firstDifference(expected[i], actual[i], `${path}/${i}`);
      if (d !== null) return d;
    }
    return null;
  }
  if (expected !== null && actual !== null && typeof expected === "object" && typeof actual === "object") {
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const k of Object.keys(e)) {
      if (!Object.hasOwn(a, k)) return `${path}/${k}: missing (expected ${describe(e[k])})`;
      const d = firstDifference(e[k], a[k], `${path}/${k}`);
      if (d !== null) return d;
    }
    for (const k of Object.keys(a)) if (!Object.hasOwn(e, k)) return `${path}/${k}: unexpected ${describe(a[k])}`;
    return null;
  }
  return Object.is(expected, actual) ? null : `${here}: expected ${describe(expected)}, got ${describe(actual)}`;
}
