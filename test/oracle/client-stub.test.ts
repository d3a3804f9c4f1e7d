// The generic worker client against a scripted stub worker: batching and order, crashes, restarts and their limit,
// timeouts, protocol errors, handshake failures and shutdown. Each scenario is deterministic and takes seconds.
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import type { Case } from "../../src/case/index.ts";
import { HandshakeError, oracleExpectations, WorkerClient } from "../../src/oracle/index.ts";
import { REFERENCE_TORCH } from "../../src/oracle/provision.ts";
import { identityCases, processExists, python3, startStub, STUB } from "./helpers.ts";

const open: WorkerClient[] = [];
async function stub(args: string[], opts: Parameters<typeof startStub>[1] = {}) {
  const started = await startStub(args, opts);
  open.push(started.client);
  return started;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.close()));
});

describe("worker client (stub worker)", () => {
  it("answers many cases over pipelined batches, in order, one outcome per case", async () => {
    const { client } = await stub([], { batchSize: 7, maxBatchesInFlight: 3 });
    const cases = identityCases("c", 100);
    const out = await client.runCases(cases);
    expect(out.map((o) => o.id)).toEqual(cases.map((c) => c.id));
    expect(out.every((o) => o.status === "ok" && o.result.id === o.id)).toBe(true);
    expect(await client.runCases([])).toEqual([]);
  });

  it("a call's requests are written before the call ahead of it is answered", async () => {
    // the stub answers nothing before it has read all six requests: a call that waited for the one ahead would never send
    const { client } = await stub(["--hold", "6"], { batchSize: 3, maxBatchesInFlight: 1 });
    const [a, b] = await Promise.all([client.runCases(identityCases("a", 3)), client.runCases(identityCases("b", 3))]);
    expect([...a, ...b].map((o) => `${o.id} ${o.status}`)).toEqual(["a0", "a1", "a2", "b0", "b1", "b2"].map((id) => `${id} ok`));
  });

  it("a batch queued behind another call's is timed from when the worker can start on it", async () => {
    // 300 ms an answer, 500 ms allowed a batch: the second call's batch would time out if its clock started at once
    const { client } = await stub(["--delay-ms", "300"], { batchSize: 1, batchTimeoutMs: 500 });
    const out = await Promise.all([client.runCases(identityCases("a", 1)), client.runCases(identityCases("b", 1))]);
    expect(out.flat().map((o) => o.status)).toEqual(["ok", "ok"]);
  });

  it("a crash loses exactly the unanswered cases in flight, names the exit and stderr, and restarts", async () => {
    const { client, events } = await stub(["--crash-after", "5"], { batchSize: 4, maxBatchesInFlight: 1 });
    const firstPid = client.pid;
    const out = await client.runCases(identityCases("c", 20));
    // process 1 answers 0-4 and dies reading 5 (batch 4-7 in flight); process 2 answers 8-12; process 3 the rest.
    expect(out.filter((o) => o.status === "ok")).toHaveLength(14);
    const lost = out.filter((o) => o.status === "lost");
    expect(lost.map((o) => o.id)).toEqual(["c5", "c6", "c7", "c13", "c14", "c15"]);
    for (const o of lost) {
      expect(o.status === "lost" && o.reason).toContain("exited with code 7");
      expect(o.status === "lost" && o.reason).toContain("stub: crashing at answer 5");
    }
    expect(events.filter((e) => e.type === "restarting")).toHaveLength(2);
    expect(client.pid).not.toBe(firstPid);
    expect(processExists(firstPid!)).toBe(false);
  });

  it("gives up after maxRestarts: the rest is lost with 'worker restart limit reached'", async () => {
    const { client, events } = await stub(["--crash-after", "0"], { batchSize: 2, maxBatchesInFlight: 1, maxRestarts: 2 });
    const out = await client.runCases(identityCases("c", 10));
    expect(out.every((o) => o.status === "lost")).toBe(true);
    const reasons = out.map((o) => (o.status === "lost" ? o.reason : ""));
    expect(reasons.slice(0, 6).every((r) => r.includes("exited with code 7"))).toBe(true);
    expect(reasons.slice(6).every((r) => r.startsWith("worker restart limit reached"))).toBe(true);
    expect(events.filter((e) => e.type === "restarting")).toHaveLength(2);
  });

  it("a hung worker times out: unanswered cases lost with 'timeout after N ms', worker restarted, suite does not hang", async () => {
    const { client } = await stub(["--hang-after", "3"], { batchSize: 5, maxBatchesInFlight: 1, batchTimeoutMs: 400 });
    const hungPid = client.pid!;
    const started = Date.now();
    const out = await client.runCases(identityCases("c", 10));
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(out.map((o) => o.status)).toEqual(["ok", "ok", "ok", "lost", "lost", "ok", "ok", "ok", "lost", "lost"]);
    const o = out[3]!;
    expect(o.status === "lost" && o.reason).toBe("timeout after 400 ms");
    expect(processExists(hungPid)).toBe(false);
  });

  it("an answer that breaks the schema loses only that case; the worker keeps serving", async () => {
    const { client, events } = await stub(["--invalid-at", "2"]);
    const pid = client.pid;
    const out = await client.runCases(identityCases("c", 5));
    expect(out.map((o) => o.status)).toEqual(["ok", "ok", "lost", "ok", "ok"]);
    const o = out[2]!;
    expect(o.status === "lost" && o.reason).toMatch(/^protocol error: the answer to case "c2" does not match the schema/);
    expect(events.some((e) => e.type === "protocol-error" && e.caseId === "c2")).toBe(true);
    expect(client.pid).toBe(pid);
  });

  it.each([
    ["--wrong-id-at", /expected the answer to request .* \(case "c2"\) but got one with id/],
    ["--junk-at", /the answer to case "c2" is not JSON: junk/],
    ["--extra-line-at", /case "c3"/],
  ])("%s: the stream is out of sync, so the worker is replaced and later cases still run", async (flag, message) => {
    const { client, events } = await stub([flag, "2"], { batchSize: 5, maxBatchesInFlight: 1 });
    const pid = client.pid;
    const out = await client.runCases(identityCases("c", 7));
    // The first worker goes wrong at its answer 2; its batch (0-4) is lost from there. A fresh one answers 5 and 6.
    const bad = flag === "--extra-line-at" ? 3 : 2;
    expect(out.map((o) => o.status)).toEqual([...Array(bad).fill("ok"), ...Array(5 - bad).fill("lost"), "ok", "ok"]);
    const o = out[bad]!;
    expect(o.status === "lost" && o.reason).toMatch(message);
    expect(events.filter((e) => e.type === "restarting")).toHaveLength(1);
    expect(client.pid).not.toBe(pid);
  });

  it("restarts a worker that died while idle", async () => {
    const { client, events } = await stub([]);
    const pid = client.pid!;
    process.kill(pid, "SIGKILL");
    await expect.poll(() => events.some((e) => e.type === "died")).toBe(true);
    const out = await client.runCases(identityCases("c", 3));
    expect(out.every((o) => o.status === "ok")).toBe(true);
    expect(client.pid).not.toBe(pid);
  });

  it("a line nobody asked for gets the worker replaced", async () => {
    const { client, events } = await stub(["--extra-line-at", "0"]);
    const pid = client.pid;
    expect((await client.runCases(identityCases("c", 1)))[0]?.status).toBe("ok");
    await expect.poll(() => events.find((e) => e.type === "died")).toMatchObject({ reason: expect.stringMatching(/a line nobody asked for/) });
    expect((await client.runCases(identityCases("d", 1)))[0]?.status).toBe("ok"); // answered by a fresh worker
    expect(client.pid).not.toBe(pid);
  });

  it("reports progress after each batch", async () => {
    const { client, events } = await stub([], { batchSize: 4 });
    await client.runCases(identityCases("c", 10));
    expect(events.filter((e) => e.type === "progress")).toEqual([
      { type: "progress", done: 4, total: 10 },
      { type: "progress", done: 8, total: 10 },
      { type: "progress", done: 10, total: 10 },
    ]);
  });

  it("cuts batches by size in characters too (a case larger than the limit goes alone)", async () => {
    const { client, events } = await stub([], { batchSize: 100, maxBatchBytes: 1 });
    const out = await client.runCases(identityCases("c", 4));
    expect(out.every((o) => o.status === "ok")).toBe(true);
    expect(events.filter((e) => e.type === "progress").map((e) => e.type === "progress" && e.done)).toEqual([1, 2, 3, 4]);
  });

  it("an onEvent callback that throws does not break the run; runCases() rethrows it afterwards", async () => {
    const { client } = await stub([], {
      batchSize: 2,
      onEvent: (e) => {
        if (e.type === "progress") throw new Error("callback bug");
      },
    });
    await expect(client.runCases(identityCases("c", 5))).rejects.toThrow("callback bug");
    expect((await client.runCases([]))).toEqual([]);
  });

  it("close() during a run: what was sent is answered, the rest is lost as 'the client was closed'", async () => {
    const { client } = await stub(["--delay-ms", "20"], { batchSize: 2, maxBatchesInFlight: 1 });
    const run = client.runCases(identityCases("c", 10));
    await new Promise((r) => setTimeout(r, 100));
    await client.close();
    const out = await run;
    const firstLost = out.findIndex((o) => o.status === "lost");
    expect(firstLost).toBeGreaterThan(0);
    expect(out.slice(0, firstLost).every((o) => o.status === "ok")).toBe(true);
    expect(out.slice(firstLost).every((o) => o.status === "lost" && o.reason === "the client was closed")).toBe(true);
  });

  it("close() while a worker is restarting leaves no process behind", async () => {
    let closed: Promise<void> | undefined;
    const { client, events } = await stub(["--crash-after", "0"], {
      batchSize: 2,
      maxBatchesInFlight: 1,
      onEvent: (e) => {
        if (e.type === "restarting") closed ??= client.close();
      },
    });
    const first = client.pid!;
    const out = await client.runCases(identityCases("c", 6));
    await closed;
    expect(out.slice(2).every((o) => o.status === "lost" && o.reason === "the client was closed")).toBe(true);
    expect(events).toContainEqual({ type: "restart-failed", restart: 1, reason: "the client was closed" });
    const pids = [first, ...events.flatMap((e) => (e.type === "started" ? [e.pid!] : []))];
    for (const pid of pids) expect(processExists(pid)).toBe(false);
    const children = await execa("ps", ["-o", "args=", "--ppid", String(process.pid)], { reject: false });
    expect(children.stdout).not.toContain("stub_worker.py");
  });

  it("a case that cannot be written as JSON is rejected on its own", async () => {
    const { client } = await stub([]);
    const cases = identityCases("c", 3);
    (cases[1] as unknown as { tags: unknown[] }).tags = [1n];
    const out = await client.runCases(cases);
    expect(out.map((o) => o.status)).toEqual(["ok", "rejected", "ok"]);
    expect(out[1]).toMatchObject({ id: "c1", code: "bad_json", where: "/case" });
  });

  it("a worker that floods stdout with a line that never ends is killed at maxLineBytes; its cases are lost, the rest run", async () => {
    const { client, events } = await stub(["--flood-at", "2"], { batchSize: 5, maxBatchesInFlight: 1, maxLineBytes: 4 << 20 });
    const pid = client.pid!;
    const out = await client.runCases(identityCases("c", 7));
    expect(out.map((o) => o.status)).toEqual(["ok", "ok", "lost", "lost", "lost", "ok", "ok"]);
    const o = out[2]!;
    expect(o.status === "lost" && o.reason).toMatch(/^protocol error: the worker wrote a line longer than 4194304 bytes/);
    expect(events.filter((e) => e.type === "restarting")).toHaveLength(1);
    expect(processExists(pid)).toBe(false);
  });

  it("a stderr line past maxLineBytes is dropped with a note; the worker serves on", async () => {
    const { client } = await stub(["--stderr-flood"], { maxLineBytes: 1 << 20 });
    expect((await client.runCases(identityCases("c", 2))).map((o) => o.status)).toEqual(["ok", "ok"]);
    expect(client.stderrTail().join("\n")).toContain("a stderr line longer than 1048576 bytes was dropped");
  });

  it("sendRaw passes bytes that are not UTF-8 through, and refuses blank ones", async () => {
    const { client } = await stub([]);
    const [answer] = await client.sendRaw([Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]);
    expect(answer).toMatchObject({ type: "rejected", id: null, code: "bad_json" });
    expect(() => client.sendRaw([Buffer.from(" \t")])).toThrow(TypeError);
    expect(() => client.sendRaw([Buffer.from("{}\n{}")])).toThrow(TypeError);
  });

  it("sendRaw passes raw lines through and refuses multi-line input", async () => {
    const { client } = await stub([]);
    const [answer] = await client.sendRaw(["{not json"]);
    expect(answer).toMatchObject({ type: "rejected", id: null, code: "bad_json" });
    expect(() => client.sendRaw(["a\nb"])).toThrow(TypeError);
  });
});

describe("worker client handshake (stub worker)", () => {
  const start = (args: string[], expect = oracleExpectations(REFERENCE_TORCH.torch), handshakeTimeoutMs = 10_000) =>
    WorkerClient.start({ command: python3(), args: [STUB, ...args], expect, handshakeTimeoutMs });

  it.each([
    [{ torch: "2.5.1" }, 'torch: expected a version starting with "2.13.0", got "2.5.1"'],
    [{ cpuCapability: "AVX2" }, 'cpuCapability: expected "DEFAULT", got "AVX2"'],
    [{ threads: 2 }, "threads: expected 1, got 2"],
    [{ protocol: 2 }, "protocol: expected 1, got 2"],
    [{ schema: 3 }, "schema: expected 1, got 3"],
  ])("rejects handshake %j naming expected vs got", async (override, message) => {
    const err = await start(["--handshake", JSON.stringify(override)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandshakeError);
    expect((err as HandshakeError).kind).toBe("mismatch");
    expect((err as HandshakeError).message).toContain(message);
  });

  it("accepts the stub's handshake when it matches", async () => {
    const client = await start([]);
    open.push(client);
    expect(client.handshake.torch).toBe("2.13.0+stub");
    expect(client.name).toBe("stub");
  });

  it("reports a worker that exits before its handshake with its exit code and stderr", async () => {
    const err = (await start(["--before-handshake", "exit"]).catch((e: unknown) => e)) as HandshakeError;
    expect(err.kind).toBe("exited");
    expect(err.message).toContain("exited with code 5 before its handshake");
    expect(err.message).toContain("stub: giving up before the handshake");
  });

  it("reports a first line that is not JSON", async () => {
    const err = (await start(["--before-handshake", "junk"]).catch((e: unknown) => e)) as HandshakeError;
    expect(err.kind).toBe("invalid");
    expect(err.message).toContain("hello, I am not JSON");
  });

  it("times out a silent worker and kills it", async () => {
    const err = (await start(["--before-handshake", "hang"], oracleExpectations(REFERENCE_TORCH.torch), 500).catch((e: unknown) => e)) as HandshakeError;
    expect(err.kind).toBe("timeout");
    expect(err.message).toContain("within 500 ms");
  });

  it("reports a command that does not exist", async () => {
    const err = (await WorkerClient.start({ command: "/nonexistent/worker" }).catch((e: unknown) => e)) as HandshakeError;
    expect(err.kind).toBe("spawn");
    expect(err.message).toContain("ENOENT");
  });
});

describe("worker client shutdown (stub worker)", () => {
  it("close() ends stdin, the worker exits, and the client refuses more work", async () => {
    const { client } = await startStub([]);
    const pid = client.pid!;
    await client.close();
    await client.close();
    expect(processExists(pid)).toBe(false);
    await expect(client.runCases(identityCases("c", 1) as Case[])).rejects.toThrow(/after close/);
  });

  it("close() kills a worker that ignores the end of its input", async () => {
    const { client } = await startStub(["--ignore-eof"], { closeTimeoutMs: 300 });
    const pid = client.pid!;
    const started = Date.now();
    await client.close();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(processExists(pid)).toBe(false);
  });
});
