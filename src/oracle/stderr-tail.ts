// The last lines a worker wrote to stderr, kept for error messages (a ring buffer: old lines fall off).
export class StderrTail {
  private readonly lines: string[] = [];

  constructor(
    private readonly maxLines = 40,
    private readonly maxLineLength = 500,
  ) {}

  push(line: string): void {
    this.lines.push(line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}...` : line);
    if (this.lines.length > this.maxLines) this.lines.shift();
  }

  /** The last `n` lines (all kept lines by default), oldest first. */
  last(n = this.maxLines): string[] {
    return this.lines.slice(-n);
  }

  /** " (stderr: a | b | c)" for the last non-blank lines, or "" when there are none. */
  summary(n = 5): string {
    const shown = this.lines.filter((l) => l.trim() !== "").slice(-n);
    return shown.length > 0 ? ` (stderr: ${shown.map((l) => l.trim()).join(" | ")})` : "";
  }
}
