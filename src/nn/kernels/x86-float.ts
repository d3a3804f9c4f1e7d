// IEEE binary operations with the NaN rule of x86 SSE, so ported kernels reproduce PyTorch's NaN bits.
//
// On x86 a NaN operand yields that NaN, quieted; when BOTH operands are NaN, the result is the FIRST
// source operand of the machine instruction. For + and * the compiler chooses that order freely, so a
// port must state it per call site (measured against PyTorch); JavaScript engines choose their own order,
// hence these helpers: `add(a, b)` means "a is the machine's first operand". An invalid operation on
// non-NaN operands (inf - inf, 0 * inf) gives x86's default NaN, the quiet NaN with the sign bit set.
//
// NaNs are recognised and handed back through memory, never through comparisons or arithmetic on them:
// an optimizing JIT that can tell a value is NaN may substitute its own canonical NaN constant.

const slots = new Float64Array(3);
const words = new Uint32Array(slots.buffer); // little-endian: words[2i + 1] is slot i's sign/exponent word
const QUIET_BIT = 0x0008_0000;
new BigUint64Array(slots.buffer, 16, 1)[0] = 0xfff8_0000_0000_0000n; // slot 2: x86's default NaN

function slotIsNaN(i: number): boolean {
  const high = words[2 * i + 1]!;
  return (high & 0x7ff0_0000) === 0x7ff0_0000 && ((high & 0x000f_ffff) !== 0 || words[2 * i]! !== 0);
}

/** The NaN x86 returns for `a op b` when the result is NaN: the first NaN operand, quieted, else the default NaN. */
function nanResult(a: number, b: number): number {
  slots[0] = a;
  slots[1] = b;
  const i = slotIsNaN(0) ? 0 : slotIsNaN(1) ? 1 : 2;
  words[2 * i + 1]! |= QUIET_BIT;
  return slots[i]!;
}

export function add(a: number, b: number): number {
  const r = a + b;
  return r === r ? r : nanResult(a, b);
}

export function sub(a: number, b: number): number {
  const r = a - b;
  return r === r ? r : nanResult(a, b);
}

export function mul(a: number, b: number): number {
  const r = a * b;
  return r === r ? r : nanResult(a, b);
}

export function div(a: number, b: number): number {
  const r = a / b;
  return r === r ? r : nanResult(a, b);
}
