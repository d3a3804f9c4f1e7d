// IEEE binary operations with the NaN rule of x86 SSE, so ported kernels reproduce PyTorch's NaN bits.
//
// On x86 a NaN operand yields that NaN, quieted; when BOTH operands are NaN, the result is the FIRST
// source operand of the machine instruction. For + and * the compiler chooses that order freely, so a
// port must state it per call site (measured against PyTorch); JavaScript engines choose their own order,
// hence these helpers: `add(a, b)` means "a is the machine's first operand".
// Invalid operations on non-NaN operands (inf - inf, 0 * inf) give x86's default NaN (sign bit set)
// in V8 as in C++, so the plain operator is right for them.

/** The NaN that x86 returns for `a op b`, or undefined when neither is NaN. `+ 0` quiets a signalling NaN. */
function nanOf(a: number, b: number): number | undefined {
  if (a !== a) return a + 0;
  if (b !== b) return b + 0;
  return undefined;
}

export function add(a: number, b: number): number {
  return nanOf(a, b) ?? a + b;
}

export function sub(a: number, b: number): number {
  return nanOf(a, b) ?? a - b;
}

export function mul(a: number, b: number): number {
  return nanOf(a, b) ?? a * b;
}

export function div(a: number, b: number): number {
  return nanOf(a, b) ?? a / b;
}
