// The layers, as rules (docs/architecture.md draws them). test/layers.test.ts checks the tree against them in
// `npm test`, and proves each rule fires on a planted edge; `npx depcruise src scripts support test` prints the same.
//
// Inside src/, from the bottom up (a layer imports only its own and lower ones):
//   contract  case/, modules/, errors.ts, package-root.ts   what both sides of a comparison agree on; the module table
//   port      tensor/, random/, nn/, torch/             the built-in TypeScript port
//   adapters  adapters/, oracle/                        how a port or PyTorch is run
//   judge     arbitraries/, specs/, conformance/, corpus/, verify/, engine/, hunt/, reports/
//   entries   cli/, fuzz/, index.ts, adapter.ts, vitest.ts
// The judge reaches the built-in port only by a dynamic import (verify/impl.ts loads the port a run names), so
// importing it loads no port code. Outside src/: scripts/ and test/ use src/ and support/; support/ uses src/ only.
const CONTRACT = "^src/(case/|modules/|errors\\.ts$|package-root\\.ts$)";
const PORT = "^src/(tensor|random|nn|torch)/";
const ADAPTERS = "^src/(adapters|oracle)/";
const JUDGE = "^src/(arbitraries|specs|conformance|corpus|verify|engine|hunt|reports)/";
const ENTRIES = "^src/(cli/|fuzz/|index\\.ts$|adapter\\.ts$|vitest\\.ts$)";
const PORT_CODE = "^src/(nn|tensor|torch)/|^src/adapters/builtin/";

const forbid = (name, comment, from, to, extra = {}) => ({ name, comment, severity: "error", from, to: { ...to, ...extra } });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    forbid("src-uses-no-tooling", "src/ is the product: it never imports scripts/, test/ or support/", { path: "^src/" }, { path: "^(scripts|test|support)/" }),
    forbid("scripts-use-no-tests", "scripts/ share code with tests through support/, never by importing test/", { path: "^scripts/" }, { path: "^test/" }),
    forbid("support-uses-src-only", "support/ is imported by scripts/ and test/, so it imports neither", { path: "^support/" }, { path: "^(scripts|test)/" }),
    forbid("contract-at-the-bottom", "the case contract imports nothing else of src/", { path: CONTRACT }, { path: "^src/", pathNot: CONTRACT }),
    forbid("port-below-adapters", "the port knows the contract, not who runs it", { path: PORT }, { path: `${ADAPTERS}|${JUDGE}|${ENTRIES}` }),
    forbid("adapters-below-judge", "adapters run a port; they know nothing of judging", { path: ADAPTERS }, { path: `${JUDGE}|${ENTRIES}` }),
    forbid("judge-below-entries", "the judge is a library the entries use", { path: JUDGE }, { path: ENTRIES }),
    forbid("judge-loads-no-port", "the judge loads the built-in port only on demand (a dynamic import)", { path: JUDGE }, { path: PORT_CODE }, { dependencyTypesNot: ["dynamic-import"] }),
    forbid("engine-below-reports", "reports render the engine's model; the engine never imports a renderer", { path: "^src/engine/" }, { path: "^src/reports/" }),
    forbid("third-party-adapters-are-ports", "a third-party adapter reuses nothing of the built-in port", { path: "^src/adapters/third-party/" }, { path: PORT_CODE }),
    forbid("no-cycles", "modules of src/ form no import cycle", { path: "^src/" }, { circular: true }),
  ],
  options: {
    // type-only imports are edges too: a type loop is a loop
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^node_modules/" },
  },
};
