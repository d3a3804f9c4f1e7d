// What a port author needs to plug a port in (`torch-conformance/adapter`): the Adapter interfaces, the module-level
// kit for JavaScript ports (a ModulePort becomes an adapter with portAdapter), the built-in port as a reference, the
// case and result types of the schema, and a worker-protocol executable as an adapter.
export type { Adapter, Outcome, RejectCode } from "./adapters/adapter.ts";
export { Unsupported } from "./adapters/third-party/unsupported.ts";
export type { ForwardResult, ModulePort } from "./adapters/third-party/kit/module-port.ts";
export { portAdapter } from "./adapters/third-party/kit/adapter.ts";
export { builtinAdapter } from "./adapters/builtin/index.ts";
export { resolveImpl, subprocessAdapter } from "./verify/impl.ts";
export type * from "./case/types.generated.ts";
export { decodePy, encodePy, type Py } from "./case/pyvalue.ts";
export { decodeTensor, encodeTensor, type RawTensor } from "./case/tensor-codec.ts";
