// The vitest helper (src/vitest.ts) as a port author uses it: the built-in port replays the whole committed corpus
// through it here. That a port with a planted bug, run by vitest in a child process, fails with the differing cases
// is test/e2e/describe-conformance-child.test.ts's.
import { builtinAdapter } from "../../src/adapters/builtin/index.ts";
import { describeConformance } from "../../src/vitest.ts";

describeConformance(builtinAdapter);

const hasDropout = (c: { case: { nodes: Record<string, { type: string }> } }) => Object.values(c.case.nodes).some((n) => n.type === "Dropout");
describeConformance(builtinAdapter, { name: "a filter keeps only the cases it names", filter: hasDropout });
