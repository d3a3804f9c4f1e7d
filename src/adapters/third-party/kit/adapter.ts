// A ModulePort as a PortAdapter: what `verify --impl <module>` and the tests run.
import type { Case } from "../../../case/index.ts";
import type { PortAdapter } from "../unsupported.ts";
import type { ModulePort } from "./module-port.ts";
import { runCaseOnPort } from "./run-case.ts";

export function portAdapter<M extends object>(port: ModulePort<M>): PortAdapter {
  return {
    name: port.name,
    async describe() {
      return { implementation: port.implementation, protocol: 1, schema: 1, ...(port.version !== undefined ? { version: port.version } : {}), ...(port.capabilities ? { capabilities: port.capabilities } : {}) };
    },
    async runCases(cases: readonly Case[]) {
      return cases.map((c) => runCaseOnPort(port, c));
    },
    async close() {},
  };
}
