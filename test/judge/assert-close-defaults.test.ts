// Tolerance mode's defaults are torch.testing.assert_close's, asked of the oracle venv's torch (not written here).
import { describe, expect, it } from "vitest";
import { ASSERT_CLOSE_DEFAULTS } from "../../src/conformance/policy.ts";
import { askPython } from "../port/ask-python.ts";

describe("ASSERT_CLOSE_DEFAULTS", () => {
  it("are torch.testing.assert_close's rtol and atol for float32 and float64", () => {
    const torch = askPython<{ rtol: Record<string, number>; atol: Record<string, number> }>(
      "import json, torch\nfrom torch.testing._comparison import default_tolerances\n" +
        'd = {n: default_tolerances(getattr(torch, n)) for n in ("float32", "float64")}\nprint(json.dumps({"rtol": {n: t[0] for n, t in d.items()}, "atol": {n: t[1] for n, t in d.items()}}))',
    );
    expect({ rtol: ASSERT_CLOSE_DEFAULTS.rtol, atol: ASSERT_CLOSE_DEFAULTS.atol }).toEqual(torch);
  });
});
