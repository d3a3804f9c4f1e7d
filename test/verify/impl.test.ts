// --impl: built-in names, module files (exporting a ModulePort or an adapter) and protocol commands.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { wireTensor, type Case } from "../../src/case/index.ts";
import { resolveImpl, splitCommand } from "../../src/verify/impl.ts";
import { oraclePython, ROOT } from "./helpers.ts";

const kase: Case = { schema: 1, id: "k", nodes: { d: { type: "Dropout", args: [0.5] } }, root: "d", steps: [{ op: "eval", path: "" }, { op: "forward", path: "", input: wireTensor("float32", [2], [1, 2]) }] };

describe("resolveImpl", () => {
  it("splits command lines on spaces, keeping quoted parts", () => {
    expect(splitCommand(`python3 "my port.py" --flag 'a b'  c`)).toEqual(["python3", "my port.py", "--flag", "a b", "c"]);
  });

  it("loads a module file exporting a ModulePort factory", async () => {
    const port = await resolveImpl(path.join("test", "verify", "fixtures", "module-port.ts"));
    expect(port.name).toBe("js-pytorch 0.7.2");
    const [o] = await port.runCases([kase]);
    expect(o).toMatchObject({ id: "k", status: "ok" });
  });

  it("spawns a command speaking the worker protocol", async () => {
    const port = await resolveImpl(`${oraclePython()} ${path.join(ROOT, "examples", "python-port", "torch_port.py")}`);
    try {
      expect((await port.describe()).implementation).toBe("examples/python-port (torch wrapper)");
      const [o] = await port.runCases([kase]);
      expect(o).toMatchObject({ id: "k", status: "ok" });
    } finally {
      await port.close();
    }
  });

  it("says so when a command does not start", async () => {
    await expect(resolveImpl("/nonexistent/port --x")).rejects.toThrow(/nonexistent/);
  });
});
