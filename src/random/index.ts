export { MT19937 } from "./mt19937.ts";
export { Generator, defaultGenerator, manualSeed } from "./generator.ts";
