// torch.Generator on CPU: an MT19937 seeded by manual_seed, and the default generator torch uses when
// a function is given none.
import { MT19937 } from "./mt19937.ts";

export class Generator {
  private readonly engine = new MT19937(67280421310721);

  constructor(seed = 67280421310721) {
    this.manualSeed(seed);
  }

  /** torch.Generator.manual_seed: the engine is seeded with the low 32 bits of the seed. */
  manualSeed(seed: number | bigint): this {
    this.engine.seed(Number(BigInt.asUintN(32, BigInt(seed))));
    return this;
  }

  next32(): number {
    return this.engine.next32();
  }

  /**
   * A double in [0, 1) as at::uniform_real_distribution<double>(0, 1) draws it: random64() is two 32-bit
   * draws (hi, then lo); its low 53 bits times 2^-53.
   */
  uniform53(): number {
    const hi = this.next32();
    const lo = this.next32();
    return ((hi & 0x1fffff) * 2 ** 32 + lo) * 2 ** -53;
  }

  /** at::bernoulli_distribution<double>(p): 1 when a uniform draw is below p. */
  bernoulli(p: number): 0 | 1 {
    return this.uniform53() < p ? 1 : 0;
  }
}

/** torch.default_generator */
export const defaultGenerator = new Generator();

/** torch.manual_seed(seed) */
export function manualSeed(seed: number | bigint): Generator {
  return defaultGenerator.manualSeed(seed);
}
