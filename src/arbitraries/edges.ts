// Dropout's keep/drop boundary: noise.bernoulli_(1 - p) keeps element i when its uniform draw u_i < 1 - p. For
// u_i >= 0.5, p = 1 - u_i is exact in double and 1 - p gives u_i back, so element i sits on the edge. The draws
// are computed with the port's MT19937 only to choose p; what PyTorch does there comes from the oracle.
import { Generator } from "../random/generator.ts";

/** How many draws after manual_seed are searched for edges. */
const SEARCHED_DRAWS = 16;

/** The first uniform draws after manual_seed(seed) that are >= 0.5, with their index: the edges one p can sit on. */
export function dropoutEdges(seed: number | bigint): { index: number; u: number }[] {
  const gen = new Generator().manualSeed(seed);
  return Array.from({ length: SEARCHED_DRAWS }, (_, index) => ({ index, u: gen.uniform53() })).filter(({ u }) => u >= 0.5);
}

/** Is p on an edge of the draws after manual_seed(seed)? */
export function onDropoutEdge(seed: number | bigint, p: number): boolean {
  return dropoutEdges(seed).some(({ u }) => 1 - p === u);
}
