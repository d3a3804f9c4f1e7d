// A ModulePort as an Adapter: what `verify --impl <module>` and the tests run.
import type { Case } from "../../../case/index.ts";
import type { Adapter } from "../../adapter.ts";
import type { ModulePort } from "./module-port.ts";
import { runCaseOnPort } from "./run-case.ts";

export function portAdapter<M extends object>(port: ModulePort<M>): Adapter {
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
