// Prints, after the run, each test file's skipped tests that carry a reason (ctx.skip(note); test/requires.ts):
// vitest's default reporter counts skipped tests per file but, for a passing file, does not name them or say why.
import type { Reporter, TestModule } from "vitest/node";

export default class SkipNotesReporter implements Reporter {
  onTestRunEnd(modules: readonly TestModule[]): void {
    const lines: string[] = [];
    for (const m of modules) {
      const byNote = new Map<string, number>();
      for (const t of m.children.allTests()) {
        const r = t.result();
        const note = r.state === "skipped" ? r.note : undefined;
        if (note !== undefined) byNote.set(note, (byNote.get(note) ?? 0) + 1);
      }
      for (const [note, n] of byNote) lines.push(`  ${m.moduleId.replace(`${m.project.config.root}/`, "")}: ${n} test${n === 1 ? "" : "s"} skipped: ${note}`);
    }
    if (lines.length > 0) process.stdout.write(`\nSkipped, with the reason:\n${lines.join("\n")}\n`);
  }
}
