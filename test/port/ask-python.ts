// For port behaviour no case step can reach (TypeScript-only entry points): the answer comes from the oracle venv's
// Python and torch, asked while the test runs, never written into the test. The script prints one JSON value.
import { execFileSync } from "node:child_process";
import { resolveOraclePython } from "../../src/oracle/index.ts";

export function askPython<T>(script: string): T {
  return JSON.parse(execFileSync(resolveOraclePython().python, ["-c", script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })) as T;
}
