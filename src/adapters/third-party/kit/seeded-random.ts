// Libraries that draw from Math.random cannot be seeded; a port swaps in a seeded stream while it runs a case so
// that verification is reproducible. The stream is torch's own (MT19937, 53-bit doubles as at::uniform_real
// draws them), so that a library following torch's masking convention would even reproduce torch's masks.
import { Generator } from "../../../random/index.ts";

export class SeededMathRandom {
  private readonly gen = new Generator(0);
  private saved: (() => number) | null = null;

  seed(seed: number): void {
    this.gen.manualSeed(seed);
  }

  /** Runs fn with Math.random drawing from this stream. */
  around<T>(fn: () => T): T {
    if (this.saved !== null) return fn();
    this.saved = Math.random;
    Math.random = () => this.gen.uniform53();
    try {
      return fn();
    } finally {
      Math.random = this.saved;
      this.saved = null;
    }
  }
}
