// Lines out of a worker's byte stream with a bound on each: a line that grows past maxBytes before its newline is
// dropped as it arrives (onOverflow is told once) instead of piling up in memory, so a worker that floods its output
// cannot exhaust the client. Lines end at "\n"; a "\r" before it is dropped too. Lines are bytes, decoded by the reader.
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private overflowing = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: Buffer) => void,
    private readonly onOverflow: (bytesSoFar: number) => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      this.take(chunk.subarray(start, nl));
      if (!this.overflowing) this.emit();
      this.parts = [];
      this.size = 0;
      this.overflowing = false;
      start = nl + 1;
    }
    this.take(chunk.subarray(start));
  }

  /** The stream ended: a last line without a newline still counts. */
  end(): void {
    if (!this.overflowing && this.size > 0) this.emit();
    this.parts = [];
    this.size = 0;
  }

  private take(piece: Buffer): void {
    if (piece.length === 0) return;
    this.size += piece.length;
    if (this.overflowing) return;
    if (this.size > this.maxBytes) {
      this.overflowing = true;
      this.parts = [];
      this.onOverflow(this.size);
      return;
    }
    this.parts.push(piece);
  }

  private emit(): void {
    const line = Buffer.concat(this.parts);
    this.onLine(line.at(-1) === 13 ? line.subarray(0, -1) : line);
  }
}
