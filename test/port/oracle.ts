// The oracle (real PyTorch) as an Adapter, from the oracle client in src/oracle. Imported by specifier at run
// time so that this directory type-checks and runs its other tests before that client exists; without it the
// conformance tests fail with a message saying so (they never pass without the oracle).
import type { Adapter } from "../../src/adapters/adapter.ts";

const CLIENT = "../../src/oracle/index.ts";

export async function startOracle(): Promise<Adapter> {
  let client: { startOracle?: () => Promise<Adapter> | Adapter };
  try {
    client = (await import(/* @vite-ignore */ CLIENT)) as typeof client;
  } catch (e) {
    throw new Error(`the oracle client ${CLIENT} could not be loaded (${(e as Error).message}); conformance tests need it`);
  }
  if (typeof client.startOracle !== "function") throw new Error(`${CLIENT} exports no startOracle()`);
  return await client.startOracle();
}
