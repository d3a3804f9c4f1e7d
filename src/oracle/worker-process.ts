// One lifetime of one worker process: spawn, line framing on stdout (each line bounded), a FIFO of pending answers (the protocol
// answers in request order), backpressure-aware writes, stderr capture, and death detection. It knows nothing of
// cases or batches; restarts and timeouts belong to the client.
import { execa } from "execa";
import { LineSplitter } from "./line-splitter.ts";
import { StderrTail } from "./stderr-tail.ts";

export interface WorkerCommand {
  command: string;
  args?: readonly string[];
  cwd?: string;
  /** Added to (and overriding) the parent's environment. */
  env?: Record<string, string>;
}

export interface ExitInfo {
  exitCode: number | undefined;
  signal: string | undefined;
  /** Set when the process could not be spawned at all (e.g. ENOENT). */
  spawnError: string | undefined;
}

/** The worker went away before answering; `reason` says why (exit code or signal, kill reason, stderr tail). */
export class WorkerDied extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "WorkerDied";
  }
}

const NEWLINE = Buffer.from("\n");

interface Pending {
  resolve(line: string): void;
  reject(err: WorkerDied): void;
}

export function describeExit(info: ExitInfo): string {
  if (info.spawnError !== undefined) return `could not be started: ${info.spawnError}`;
  if (info.signal !== undefined) return `was killed by ${info.signal}`;
  return `exited with code ${info.exitCode}`;
}

function spawn(cmd: WorkerCommand) {
  return execa(cmd.command, [...(cmd.args ?? [])], {
    buffer: false,
    reject: false,
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
    cwd: cmd.cwd,
    env: cmd.env,
    cleanup: true,
  });
}
type Subprocess = ReturnType<typeof spawn>;

export class WorkerProcess {
  readonly pid: number | undefined;
  readonly stderr: StderrTail;
  /** Resolves (never rejects) once the process has exited and its stdout is drained. */
  readonly exited: Promise<ExitInfo>;
  /** The first stdout line (the handshake); rejects with WorkerDied if the process ends before writing one. */
  readonly firstLine: Promise<string>;

  private readonly subprocess: Subprocess;
  private readonly pending: Pending[] = [];
  private sawFirstLine = false;
  private resolveFirst!: (line: string) => void;
  private rejectFirst!: (err: WorkerDied) => void;
  private killReason: string | undefined;
  private deathReason: string | undefined;
  private writes: Promise<void> = Promise.resolve();
  private unansweredAtDeath = 0;

  /** maxLineBytes bounds each line read from the worker: a longer stdout line gets it killed, a longer stderr line is dropped. */
  constructor(cmd: WorkerCommand, stderrLines: number, maxLineBytes: number) {
    this.stderr = new StderrTail(stderrLines);
    this.firstLine = new Promise((resolve, reject) => {
      this.resolveFirst = resolve;
      this.rejectFirst = reject;
    });
    this.firstLine.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
    this.subprocess = spawn(cmd);
    this.pid = this.subprocess.pid;
    const { stdin, stdout, stderr } = this.subprocess;
    stdin.on("error", () => {}); // EPIPE after a crash: the death itself is reported through `exited`
    const out = new LineSplitter(
      maxLineBytes,
      (line) => this.onLine(line.toString("utf8")),
      { start: (bytes) => this.terminate(`protocol error: the worker wrote a line longer than ${maxLineBytes} bytes (${bytes} bytes without a newline)`) },
    );
    stdout.on("data", (chunk: Buffer) => out.push(chunk));
    const stdoutDone = new Promise<void>((resolve) => stdout.once("close", resolve)).then(() => out.end());
    const err = new LineSplitter(
      maxLineBytes,
      (line) => this.stderr.push(line.toString("utf8")),
      { start: (bytes) => this.stderr.push(`[a stderr line longer than ${maxLineBytes} bytes was dropped after ${bytes} bytes]`) },
    );
    stderr.on("data", (chunk: Buffer) => err.push(chunk));
    stderr.once("close", () => err.end());
    this.exited = Promise.all([this.subprocess, stdoutDone]).then(([result]) => {
      const info: ExitInfo = {
        exitCode: result.exitCode,
        signal: result.signal,
        spawnError: this.pid === undefined ? (result.code ?? result.shortMessage ?? "unknown error") : undefined,
      };
      this.onExit(info);
      return info;
    });
  }

  /** False once the process died or was told to die. */
  get alive(): boolean {
    return this.deathReason === undefined && this.killReason === undefined;
  }

  /** Why the process is (being) stopped, once it is. */
  get stopReason(): string | undefined {
    return this.deathReason ?? this.killReason;
  }

  /** Why terminate() was called, if it was: answers read after that are not trusted. */
  get killedFor(): string | undefined {
    return this.killReason;
  }

  /** Requests sent but not answered when the process died. */
  get inFlightAtDeath(): number {
    return this.unansweredAtDeath;
  }

  /** Sends lines (each one request; no newlines inside) and returns one promise per line for its answer line. */
  request(lines: readonly (string | Uint8Array)[]): Promise<string>[] {
    if (!this.alive) return lines.map(() => Promise.reject(new WorkerDied(this.stopReason!)));
    const answers = lines.map(
      (): Promise<string> => new Promise((resolve, reject) => this.pending.push({ resolve, reject })),
    );
    if (lines.length === 0) return answers;
    if (lines.every((l) => typeof l === "string")) this.write(`${lines.join("\n")}\n`);
    else this.write(Buffer.concat(lines.flatMap((l) => [typeof l === "string" ? Buffer.from(l) : l, NEWLINE])));
    return answers;
  }

  /** Kills the process (SIGKILL, works on stopped processes too); pending answers fail with `reason`. */
  terminate(reason: string): void {
    if (!this.alive) return;
    this.killReason = reason;
    this.subprocess.kill("SIGKILL");
  }

  /** Closes stdin: a protocol worker answers what it has read and exits 0. */
  endInput(): void {
    this.writes = this.writes.then(() => {
      this.subprocess.stdin.end();
    });
  }

  private write(text: string | Buffer): void {
    this.writes = this.writes.then(async () => {
      if (!this.alive || this.subprocess.stdin.writableEnded) return;
      if (this.subprocess.stdin.write(text)) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          this.subprocess.stdin.off("drain", done);
          this.subprocess.stdin.off("close", done);
          resolve();
        };
        this.subprocess.stdin.on("drain", done);
        this.subprocess.stdin.on("close", done);
        void this.exited.then(done);
      });
    });
  }

  private onLine(line: string): void {
    if (this.killReason !== undefined) return; // told to die: nothing it still says is trusted
    if (!this.sawFirstLine) {
      this.sawFirstLine = true;
      this.resolveFirst(line);
      return;
    }
    const next = this.pending.shift();
    if (next) next.resolve(line);
    // Deferred behind the handlers of the answers already read, so those are judged first, in order.
    else queueMicrotask(() => this.terminate(`protocol error: the worker wrote a line nobody asked for: ${line.slice(0, 200)}`));
  }

  private onExit(info: ExitInfo): void {
    const reason = this.killReason ?? `worker ${describeExit(info)}${this.stderr.summary()}`;
    this.deathReason = reason;
    this.unansweredAtDeath = this.pending.length;
    const err = new WorkerDied(reason);
    this.rejectFirst(err);
    for (const p of this.pending.splice(0)) p.reject(err);
  }
}
