// Brings one worker up: spawn, wait for the handshake line (with a timeout), check it. On any failure the process
// is killed and reaped before the HandshakeError is thrown, so a failed start leaves nothing behind.
import type { Handshake } from "../case/index.ts";
import { checkHandshake, HandshakeError, type HandshakeExpectations } from "./handshake.ts";
import { describeExit, WorkerDied, WorkerProcess, type WorkerCommand } from "./worker-process.ts";

export interface StartWorkerOptions {
  expect: HandshakeExpectations;
  handshakeTimeoutMs: number;
  stderrLines: number;
  maxLineBytes: number;
}

export async function startWorker(cmd: WorkerCommand, opts: StartWorkerOptions): Promise<{ proc: WorkerProcess; handshake: Handshake }> {
  const proc = new WorkerProcess(cmd, opts.stderrLines, opts.maxLineBytes);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new HandshakeError("timeout", `no handshake from \`${cmd.command}\` within ${opts.handshakeTimeoutMs} ms`)),
      opts.handshakeTimeoutMs,
    );
  });
  try {
    const line = await Promise.race([proc.firstLine, timeout]);
    return { proc, handshake: checkHandshake(line, opts.expect) };
  } catch (err) {
    proc.terminate("the handshake failed");
    const info = await proc.exited;
    const stderr = proc.stderr.last();
    if (err instanceof HandshakeError) throw new HandshakeError(err.kind, `${err.message}${proc.stderr.summary()}`, { ...err.details, stderr });
    if (err instanceof WorkerDied) {
      const kind = info.spawnError !== undefined ? "spawn" : "exited";
      const what = info.spawnError !== undefined ? `cannot run \`${cmd.command}\`: ${info.spawnError}` : `the worker ${describeExit(info)} before its handshake`;
      throw new HandshakeError(kind, `${what}${proc.stderr.summary()}`, { stderr });
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
