// Types of scripts/provision-oracle.mjs (plain JS so that it runs without tsx).
export interface ProvisionOptions {
  /** Say nothing; a failing command's output tail goes into the thrown error instead. */
  quiet?: boolean;
}
/** Makes sure the oracle venv exists and is current; returns the path of its python. Throws with the reason when it cannot. */
export function provisionOracle(options?: ProvisionOptions): Promise<{ python: string }>;
