// The oracle widens the buffer of its stdout socket (Node's child stdio is a socketpair), so that while the judge
// runs a batch on the port (one synchronous stretch of JavaScript that reads nothing) the oracle can go on writing
// the next batch's answers (about 4.6 KB a case) instead of blocking once some forty of them fill the default buffer.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { ORACLE_SCRIPT } from "../../src/oracle/index.ts";
import { runPython } from "../port/ask-python.ts";

const probe = (body: string) => {
  const script = `import os, socket, sys\nsys.path.insert(0, ${JSON.stringify(path.dirname(ORACLE_SCRIPT))})\nimport oracle\n${body}`;
  const run = runPython(script);
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
};

it.runIf(process.platform === "linux")("the oracle asks for a 2 MiB send buffer on a socket stdout (the kernel caps it at wmem_max and reports it doubled)", () => {
  const wmemMax = Number(readFileSync("/proc/sys/net/core/wmem_max", "utf8"));
  const got = probe(`a, b = socket.socketpair()\noracle.widen_answer_buffer(a)\nprint(a.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF))`);
  expect(Number(got)).toBe(2 * Math.min(2 << 20, wmemMax));
});

it.runIf(process.platform === "linux")("a stdout that is not a socket is left as it is, and no descriptor leaks", () => {
  expect(probe(`r, w = os.pipe()\nout = os.fdopen(w, "wb")\nbefore = len(os.listdir("/proc/self/fd"))\noracle.widen_answer_buffer(out)\nprint(len(os.listdir("/proc/self/fd")) - before)`)).toBe("0");
});
