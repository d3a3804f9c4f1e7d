// The rejection of an add_module that makes the tree cyclic names the node and the path as the oracle's repr() does:
// a path holding an apostrophe is quoted with double quotes, one holding neither kind with single ones.
import { beforeAll, describe, expect, it } from "vitest";
import { runCase } from "../../src/adapters/builtin/index.ts";
import type { Case } from "../../src/case/index.ts";
import type { WorkerClient } from "../../src/oracle/index.ts";
import { sharedOracle } from "../oracle/helpers.ts";

let oracle: WorkerClient;
beforeAll(async () => {
  oracle = await sharedOracle();
}, 120_000);

const cyclic = (child: string): Case => ({
  schema: 1,
  id: `cycle-${child}`,
  nodes: { a: { type: "Sequential", children: [[child, "b"]] }, b: { type: "Sequential" } },
  root: "a",
  steps: [{ op: "add_module", path: child, name: "back", node: "a" }],
});

describe("an add_module cycle's rejection", () => {
  it.each(["plain", "it's", `say "hi"`, `both ' and "`, "tab\there"])("path %j: the port words it as the oracle does", async (child) => {
    const c = cyclic(child);
    const [golden] = await oracle.runCases([c]);
    expect(golden).toMatchObject({ status: "rejected", code: "bad_tree" });
    expect(runCase(c)).toEqual(golden);
  });
});
