// The verdict on outcomes that carry no result: which side gave no answer decides what the case says.
import { describe, expect, it } from "vitest";
import type { Outcome } from "../../src/adapters/adapter.ts";
import type { Case } from "../../src/case/index.ts";
import { BIT_EXACT, judge } from "../../src/engine/judge.ts";

const c: Case = { schema: 1, id: "c", nodes: { m: { type: "Identity" } }, root: "m", steps: [] };
const meta = { suite: "case", tags: ["t"] };
const rejected: Outcome = { id: "c", status: "rejected", code: "bad_tree", message: "m", where: "/case/root" };

describe("judge", () => {
  it("a port's unsupported answer makes the case unsupported, with the feature and the reason", () => {
    expect(judge(c, rejected, { id: "c", status: "unsupported", feature: "Identity", reason: "no Identity" }, BIT_EXACT, meta)).toMatchObject({ status: "unsupported", feature: "Identity", reason: "no Identity", differences: [] });
  });
  it("a golden side that gave no answer (lost, or unsupported) leaves the case without a golden, whatever the port did", () => {
    expect(judge(c, { id: "c", status: "lost", reason: "worker died" }, rejected, BIT_EXACT, meta)).toMatchObject({ status: "no-golden", reason: "worker died" });
    expect(judge(c, { id: "c", status: "unsupported", feature: "x", reason: "not torch" }, rejected, BIT_EXACT, meta)).toMatchObject({ status: "no-golden", reason: "not torch" });
  });
});
