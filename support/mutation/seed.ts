// The fast-check seed of mutation runs: TC_SEED, else 1 (read by test/mutation/setup.ts and by scripts/mutation-report.ts).
export function mutationSeed(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TC_SEED ?? "1";
  const seed = Number(raw);
  if (raw.trim() === "" || !Number.isSafeInteger(seed)) throw new Error(`TC_SEED must be an integer, got ${JSON.stringify(raw)}`);
  return seed;
}
