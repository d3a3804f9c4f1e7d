// A client for any executable speaking the worker protocol (the oracle is one; third-party ports are others).
// runCases() splits the cases into batches, keeps several batches in flight (one write per batch, awaiting drain),
// reads answers in order, and survives the worker: a batch that takes too long kills it, a dead worker's unanswered
// cases become "lost" with the reason, and the worker is restarted (a bounded number of times per call) for the cases
// not yet written. Calls overlap: one call's requests are written as soon as the call before it has written its own,
// not once it is answered, so a caller that asks ahead keeps the worker busy from one call to the next; when the
// worker dies, every call's written and unanswered cases are lost with it, not run again.
import path from "node:path";
import type { Case, Handshake, Response } from "../case/index.ts";
import { isBlankLine, LIMITS, validateResponse } from "../case/index.ts";
import type { Adapter, Outcome } from "../adapters/adapter.ts";
import type { WorkerEvent } from "./events.ts";
import { PROTOCOL_EXPECTATIONS, type HandshakeExpectations } from "./handshake.ts";
import { caseIdOf, prepareBatch, type PreparedBatch } from "./batch.ts";
import { interpretResponse } from "./response.ts";
import { startWorker } from "./start-worker.ts";
import { WorkerDied, type WorkerCommand, type WorkerProcess } from "./worker-process.ts";

export interface WorkerClientOptions extends WorkerCommand {
  /** Name for reports, or a function of the handshake; default: the handshake's implementation, else the command's file name. */
  name?: string | ((handshake: Handshake) => string);
  /** What the handshake must say (default: protocol 1, schema 1). Checked at every (re)start. */
  expect?: HandshakeExpectations;
  handshakeTimeoutMs?: number;
  /** Cases per write. */
  batchSize?: number;
  /** Characters per write (a batch is cut once it holds this much; a single larger case still goes alone). */
  maxBatchBytes?: number;
  /** Batches of one runCases() call written ahead of its answers. */
  maxBatchesInFlight?: number;
  /** How long the oldest unanswered batch may take, counted from when the worker can start on it. */
  batchTimeoutMs?: number;
  /** Restarts allowed per runCases() call. */
  maxRestarts?: number;
  /** How long close() waits for a clean exit before SIGKILL. */
  closeTimeoutMs?: number;
  /** Lines of the worker's stderr kept for messages. */
  stderrLines?: number;
  /** Bytes of one line from the worker: a longer answer gets the worker killed (its unanswered cases are lost). */
  maxLineBytes?: number;
  onEvent?: (event: WorkerEvent) => void;
}

export const CLIENT_DEFAULTS = {
  expect: PROTOCOL_EXPECTATIONS,
  handshakeTimeoutMs: 60_000,
  batchSize: 200,
  maxBatchBytes: 16 * 1024 * 1024,
  maxBatchesInFlight: 3,
  batchTimeoutMs: 60_000,
  maxRestarts: 3,
  closeTimeoutMs: 5_000,
  stderrLines: 40,
  // The largest answer the limits allow: a result's tensors (LIMITS.responseTensorBytes) and what the other limits
  // bound around them, with room to spare.
  maxLineBytes: 2 * LIMITS.responseTensorBytes,
} as const;

type Settings = Required<Omit<WorkerClientOptions, keyof WorkerCommand | "name" | "onEvent">>;

export class WorkerClient implements Adapter {
  private readonly givenName: WorkerClientOptions["name"];
  private readonly settings: Settings;
  private readonly command: WorkerCommand;
  private readonly emit: (event: WorkerEvent) => void;
  private proc: WorkerProcess;
  private current: Handshake;
  private nextRequest = 0;
  /** Writing requests (and restarting the worker) is one call's at a time, in call order. */
  private sending: Promise<unknown> = Promise.resolve();
  /** The calls not yet settled; close() and sendRaw() wait for them. */
  private readonly calls = new Set<Promise<unknown>>();
  /** The last batch written: the worker answers in order, so the next batch's clock starts once it is done. */
  private lastBatch: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;
  private eventError: unknown;

  /** Starts the worker and checks its handshake; throws a HandshakeError if it does not come up. */
  static async start(opts: WorkerClientOptions): Promise<WorkerClient> {
    const client = new WorkerClient(opts);
    await client.spawn();
    return client;
  }

  private constructor(opts: WorkerClientOptions) {
    const { command, args, cwd, env, name, onEvent, ...rest } = opts;
    this.command = { command, args, cwd, env };
    this.settings = { ...CLIENT_DEFAULTS, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
    this.emit = (event) => {
      try {
        onEvent?.(event);
      } catch (err) {
        this.eventError ??= err; // rethrown by runCases() once its work is settled
      }
    };
    this.givenName = name;
    this.proc = undefined as unknown as WorkerProcess;
    this.current = undefined as unknown as Handshake;
  }

  get name(): string {
    if (typeof this.givenName === "function") return this.givenName(this.current);
    return this.givenName ?? this.current.implementation ?? path.basename(this.command.command);
  }

  /** The current worker process id (changes on restart). */
  get pid(): number | undefined {
    return this.proc.pid;
  }

  get handshake(): Handshake {
    return this.current;
  }

  /** The worker's last stderr lines. */
  stderrTail(): string[] {
    return this.proc.stderr.last();
  }

  async describe(): Promise<Handshake & { implementation: string }> {
    return { ...this.current, implementation: this.current.implementation ?? this.name };
  }

  runCases(cases: readonly Case[]): Promise<Outcome[]> {
    if (this.closing) return Promise.reject(new Error(`${this.name}: runCases() after close()`));
    return this.track(
      this.runAll(cases).then((outcomes) => {
        const err = this.eventError;
        this.eventError = undefined;
        if (err !== undefined) throw err;
        return outcomes;
      }),
    );
  }

  /**
   * Writes request lines as they are (malformed JSON, bytes that are not UTF-8: the fuzzer's hostile lines, see
   * src/fuzz/drive.ts) and returns the validated answers, one per line. Lines must be non-blank and contain no newline
   * (the protocol ignores blank lines). No restart and no correlation: a line need not carry a readable id.
   */
  sendRaw(lines: readonly (string | Uint8Array)[]): Promise<Response[]> {
    for (const line of lines) {
      const bad = typeof line === "string" ? line.trim() === "" || /[\r\n]/.test(line) : isBlankLine(line) || line.includes(10);
      if (bad) throw new TypeError("sendRaw: each line must be non-blank and contain no newline");
    }
    const before = [...this.calls]; // a raw exchange starts once every call before it is answered
    return this.track(this.exclusive(async () => {
      await Promise.all(before);
      if (!this.proc.alive) throw new WorkerDied(this.proc.stopReason!);
      const answers = this.proc.request(lines);
      const timer = setTimeout(() => this.proc.terminate(`timeout after ${this.settings.batchTimeoutMs} ms`), this.settings.batchTimeoutMs);
      try {
        return (await Promise.all(answers)).map((line) => {
          const valid = validateResponse(JSON.parse(line));
          if (!valid.ok) throw new Error(`protocol error: invalid answer ${line.slice(0, 200)}: ${JSON.stringify(valid.issues)}`);
          return valid.value;
        });
      } finally {
        clearTimeout(timer);
      }
    }));
  }

  /**
   * Ends the worker's stdin and waits for it to exit (SIGKILL after closeTimeoutMs), and for a run in progress to
   * settle (what was sent is answered, the rest is lost as "the client was closed"). Idempotent.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const proc = this.proc;
      proc.endInput();
      const ms = this.settings.closeTimeoutMs;
      const timer = setTimeout(() => proc.terminate(`did not exit within ${ms} ms of closing its stdin`), ms);
      await proc.exited;
      clearTimeout(timer);
      await this.settled(); // runs in progress wind down (they send and spawn nothing once closing is set)
    })();
    return this.closing;
  }

  /** fn once the calls before it have written their requests; the next call writes once fn is done. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.sending.then(fn, fn);
    this.sending = run.catch(() => {});
    return run;
  }

  private track<T>(call: Promise<T>): Promise<T> {
    const settled = call.catch(() => {});
    this.calls.add(settled);
    void settled.then(() => this.calls.delete(settled));
    return call;
  }

  /** Every call so far has its answers (or has lost them). */
  private async settled(): Promise<void> {
    while (this.calls.size > 0) await Promise.all(this.calls);
  }

  private async spawn(): Promise<void> {
    const { proc, handshake } = await startWorker(this.command, this.settings);
    if (this.closing) {
      // close() came while this worker was starting: it must not outlive the client.
      proc.terminate("the client was closed");
      await proc.exited;
      throw new Error("the client was closed");
    }
    this.proc = proc;
    this.current = handshake;
    this.emit({ type: "started", pid: proc.pid, handshake });
    void proc.exited.then(() => {
      if (!this.closing) this.emit({ type: "died", pid: proc.pid, reason: proc.stopReason!, inFlight: proc.inFlightAtDeath });
    });
  }

  /** A live worker, restarting a dead one if the budget allows; otherwise why not. */
  private async liveWorker(budget: { restarts: number }): Promise<WorkerProcess | string> {
    let last = this.proc.stopReason ?? "";
    for (;;) {
      if (this.closing) return "the client was closed";
      if (this.proc.alive) return this.proc;
      await this.proc.exited;
      if (budget.restarts >= this.settings.maxRestarts) {
        return `worker restart limit reached (${this.settings.maxRestarts} restarts; last failure: ${last})`;
      }
      budget.restarts += 1;
      this.emit({ type: "restarting", restart: budget.restarts, maxRestarts: this.settings.maxRestarts, reason: last });
      try {
        await this.spawn();
      } catch (err) {
        last = (err as Error).message;
        this.emit({ type: "restart-failed", restart: budget.restarts, reason: last });
      }
    }
  }

  private async runAll(cases: readonly Case[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = new Array(cases.length);
    const sent: Promise<void>[] = [];
    await this.exclusive(() => this.sendAll(cases, outcomes, sent));
    await Promise.all(sent);
    return outcomes;
  }

  /**
   * Writes every case (restarting a dead worker for the ones not yet written), adding each batch's answers to
   * `sent`; returns once all are written or lost.
   */
  private async sendAll(cases: readonly Case[], outcomes: Outcome[], sent: Promise<void>[]): Promise<void> {
    const limits = { maxCases: Math.max(1, this.settings.batchSize), maxBytes: this.settings.maxBatchBytes };
    const newRequestId = () => `r${this.nextRequest++}`;
    const budget = { restarts: 0 };
    const progress = { done: 0, total: cases.length };
    let next = 0;
    while (next < cases.length) {
      const proc = await this.liveWorker(budget);
      if (typeof proc === "string") {
        const ids: string[] = [];
        for (let i = next; i < cases.length; i++) {
          ids.push(caseIdOf(cases[i], i));
          outcomes[i] = { id: ids[ids.length - 1]!, status: "lost", reason: proc };
        }
        this.emit({ type: "lost", ids, reason: proc });
        this.emit({ type: "progress", done: cases.length, total: cases.length });
        break;
      }
      // One session on this worker: keep up to maxBatchesInFlight batches going until it dies or all are sent.
      const running = new Set<Promise<void>>();
      while (next < cases.length && proc.alive && !this.closing) {
        if (running.size >= this.settings.maxBatchesInFlight) {
          await Promise.race(running);
          continue;
        }
        const prepared = prepareBatch(cases, next, limits, newRequestId, outcomes);
        const count = prepared.end - next;
        const batch = this.runBatch(proc, prepared, outcomes, this.lastBatch).then(() => {
          progress.done += count;
          this.emit({ type: "progress", ...progress });
        });
        next = prepared.end;
        this.lastBatch = batch;
        sent.push(batch);
        running.add(batch);
        void batch.then(() => running.delete(batch));
      }
      // Cases left over: the worker died or the client is closing; what was sent settles before a restart.
      if (next < cases.length) await Promise.all(running);
    }
  }

  private async runBatch(proc: WorkerProcess, { lines, items }: PreparedBatch, outcomes: Outcome[], previous: Promise<void>): Promise<void> {
    const lost = new Map<string, string[]>();
    const loseCase = (index: number, caseId: string, reason: string) => {
      outcomes[index] = { id: caseId, status: "lost", reason };
      lost.set(reason, [...(lost.get(reason) ?? []), caseId]);
    };
    const settled = proc.request(lines).map((answer, k) => {
      const { index, requestId, caseId } = items[k]!;
      return answer.then(
        (line) => {
          // Answers of one read arrive together: once an earlier one got the worker killed, the rest are not trusted.
          if (proc.killedFor !== undefined) return loseCase(index, caseId, proc.killedFor);
          const r = interpretResponse(line, requestId, caseId);
          outcomes[index] = r.outcome;
          if (r.protocolError === undefined) return;
          this.emit({ type: "protocol-error", pid: proc.pid, caseId, message: r.protocolError });
          if (r.outOfSync) proc.terminate(`worker killed after a ${r.protocolError}`);
        },
        (err: unknown) => loseCase(index, caseId, err instanceof WorkerDied ? err.reason : String(err)),
      );
    });
    await previous; // the worker answers in order: this batch's clock starts once the batch before it is done
    const ms = this.settings.batchTimeoutMs;
    const timer = setTimeout(() => proc.terminate(`timeout after ${ms} ms`), ms);
    await Promise.all(settled);
    clearTimeout(timer);
    for (const [reason, ids] of lost) this.emit({ type: "lost", ids, reason });
  }
}
