// Lines out of a byte stream with a bound on each: a line that grows past maxBytes before its newline is dropped as
// it arrives instead of piling up in memory, so a worker that floods its output cannot exhaust the client, nor a
// client the worker. Lines end at "\n"; a "\r" before it is dropped too. Lines are bytes, decoded by the reader.
import { isBlankLine } from "../case/index.ts";

/** What a dropped line is told by: `start` once it grows past the bound, `end` when it ends (newline or stream end). */
export interface Overflow {
  start?(bytesSoFar: number): void;
  /** `blank`: the whole line was whitespace, which the worker protocol skips whatever its length. */
  end?(blank: boolean): void;
}

export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private overflowing = false;
  /** Whether the dropped line was whitespace so far; looked at only while dropping. */
  private blank = true;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: Buffer) => void,
    private readonly overflow: Overflow,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.take(chunk.subarray(start, nl));
      this.finish();
      this.parts = [];
      this.size = 0;
      this.overflowing = false;
      start = nl + 1;
    }
    this.take(chunk.subarray(start));
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): void {
    if (this.overflowing || this.size > 0) this.finish();
    this.parts = [];
    this.size = 0;
  }

  private finish(): void {
    if (this.overflowing) this.overflow.end?.(this.blank);
    else this.emit();
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    this.size += piece.length;
    if (this.overflowing) {
      // only a reader told of the end asks whether the line was blank (the worker's output pipes are not)
      if (this.overflow.end) this.blank &&= isBlankLine(piece);
      return;
    }
    if (this.size > this.maxBytes) {
      this.overflowing = true;
      this.blank = this.overflow.end !== undefined && this.parts.every(isBlankLine) && isBlankLine(piece);
      this.parts = [];
      this.overflow.start?.(this.size);
      return;
    }
    this.parts.push(piece);
  }

  private emit(): void {
    const line = Buffer.concat(this.parts);
    this.onLine(line.at(-1) === 13 ? line.subarray(0, -1) : line);
  }
}
