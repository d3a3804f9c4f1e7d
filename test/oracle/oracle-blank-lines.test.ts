// The protocol's rule for blank stdin lines, on both sides: the oracle skips a line that is empty or only whitespace
// (no response line; the README and the schema say so), and the client never sends one.
import { spawnSync } from "node:child_process";
import { expect, it } from "vitest";
import { validateHandshake, validateResponse } from "../../src/case/index.ts";
import { ORACLE_SCRIPT } from "../../src/oracle/index.ts";
import { identityCases, provisionedPython, startStub } from "./helpers.ts";

it("the oracle answers each non-blank line once, in order, and nothing for blank or whitespace-only lines", () => {
  const [a, b] = identityCases("blank", 2).map((c, i) => JSON.stringify({ type: "run", id: `q${i}`, case: c }));
  const stdin = ["", a, "", "   \t", "\r", b, "", ""].join("\n");
  const run = spawnSync(provisionedPython(), [ORACLE_SCRIPT], { input: stdin, encoding: "utf8", timeout: 120_000 });
  expect(run.status, run.stderr).toBe(0);
  const lines = run.stdout.split("\n");
  expect(lines.pop()).toBe(""); // the output ends with a newline
  expect(lines).toHaveLength(3);
  expect(validateHandshake(JSON.parse(lines[0]!)).ok).toBe(true);
  const answers = lines.slice(1).map((l) => JSON.parse(l));
  for (const answer of answers) expect(validateResponse(answer).ok).toBe(true);
  expect(answers.map((r) => [r.type, r.id])).toEqual([["result", "q0"], ["result", "q1"]]);
});

it("the client refuses to send a blank line, which would get no answer", async () => {
  const { client } = await startStub([]);
  try {
    expect(() => client.sendRaw(["  "])).toThrow(/non-blank/);
  } finally {
    await client.close();
  }
});
