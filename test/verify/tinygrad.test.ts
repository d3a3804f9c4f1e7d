// tinygrad 0.14.0 as a port under test (examples/tinygrad-port, through the worker protocol): each headline
// discrepancy of docs/ports/tinygrad.md on one case that both libraries run (PyTorch through the live oracle): the
// assertions are about where tinygrad differs, never about numbers written here. tinygrad's CPU device needs clang
// and the port its own venv (`npm run provision -- --port tinygrad`): without them each test is skipped with the
// reason, except under CI (CI=true: .ci/run installs clang and provisions the venv), where it fails
// (test/requires.ts). That on part of the committed corpus every difference is one its expectations file explains is
// test/e2e/tinygrad-corpus.test.ts's (a run of the conformance command).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinygradMissing } from "../../src/adapters/third-party/tinygrad.ts";
import type { Adapter } from "../../src/adapters/adapter.ts";
import { resolvePolicy } from "../../src/conformance/policy.ts";
import type { Verdict } from "../../src/engine/verdict.ts";
import { resolveImpl } from "../../src/verify/impl.ts";
import { KNOWN_PORTS } from "../../src/verify/known-ports.ts";
import { requires } from "../requires.ts";
import { single, verdictOf, x } from "./helpers.ts";

const present = requires(tinygradMissing(), ".ci/run installs clang and provisions the venv, and runs it");

const known = KNOWN_PORTS.find((p) => p.id === "tinygrad")!;

describe("tinygrad discrepancies, one case each: both libraries on the same input", () => {
  let port: Adapter;
  const profiles = known.profiles;
  const close = resolvePolicy({ ulps: { float32: known.ulps!, float64: known.ulps! }, atol: { float32: known.atol!, float64: known.atol! } });
  const batch = x([4, 2], [0.5, 1, 2, -1, 3.25, 0, -2, 4]);
  const paths = (v: Verdict) => [...new Set(v.differences.map((d) => d.path))];

  beforeAll(async () => {
    if (present) port = await resolveImpl(known.impl);
  }, 300_000);
  afterAll(async () => {
    await port?.close();
  });

  it("BatchNorm1d in training then eval: outputs and running statistics within 64 ULP; only the buffer order differs", { timeout: 120_000 }, async () => {
    const c = single({ type: "BatchNorm1d", args: [2] }, [{ op: "forward", path: "", input: batch }, { op: "eval", path: "" }, { op: "forward", path: "", input: batch }]);
    const v = await verdictOf(port, c, profiles, close);
    expect(v.status).toBe("fail");
    expect(paths(v).every((p) => /\.(buffers|stateDictKeys\[\d\])$/.test(p))).toBe(true);
    expect(v).toMatchObject({ differences: expect.arrayContaining([expect.objectContaining({ path: "build.snapshot.buffers", note: "same names in a different order" })]) });
  });

  it("track_running_stats=False keeps a num_batches_tracked buffer torch does not have", { timeout: 120_000 }, async () => {
    const v = await verdictOf(port, single({ type: "BatchNorm2d", args: [2], kwargs: { track_running_stats: false } }, []), profiles, close);
    expect(v).toMatchObject({ status: "fail", differences: expect.arrayContaining([expect.objectContaining({ path: "build.snapshot.buffers", port: '["num_batches_tracked"]' })]) });
  });

  it("Dropout in training drops other elements than torch (its own generator); in eval it passes its input through", { timeout: 120_000 }, async () => {
    const input = x([4, 8], Array.from({ length: 32 }, (_, i) => i + 1));
    const train = await verdictOf(port, single({ type: "Dropout", args: [0.5] }, [{ op: "forward", path: "", input }]), profiles, close);
    expect(train).toMatchObject({ status: "fail", differences: [expect.objectContaining({ path: "steps[0].value.output" })] });
    const evaluated = await verdictOf(port, single({ type: "Dropout", args: [0.5] }, [{ op: "eval", path: "" }, { op: "forward", path: "", input }]), profiles, close);
    expect(evaluated).toMatchObject({ status: "pass", differences: [] });
  });

  it("state_dict carries no version metadata", { timeout: 120_000 }, async () => {
    const v = await verdictOf(port, single({ type: "Sequential" }, [{ op: "state_dict", path: "" }]), profiles, close);
    expect(v).toMatchObject({ status: "fail", differences: [expect.objectContaining({ path: "steps[0].value.metadata[0]", port: "(absent)" })] });
  });

  it("module types and ops tinygrad lacks are unsupported, not failures", { timeout: 120_000 }, async () => {
    expect(await verdictOf(port, single({ type: "RReLU" }, []), profiles)).toMatchObject({ status: "unsupported", feature: "RReLU" });
    expect(await verdictOf(port, single({ type: "BatchNorm1d", args: [2] }, [{ op: "reset_running_stats", path: "" }]), profiles)).toMatchObject({ status: "unsupported", feature: "op.reset_running_stats" });
  });
});
