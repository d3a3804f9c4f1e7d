export { WorkerClient, CLIENT_DEFAULTS, type WorkerClientOptions } from "./worker-client.ts";
export { startOracle, resolveOraclePython, OracleSetupError, ORACLE_SCRIPT, REPO_ROOT, type OracleOptions, type OraclePython } from "./oracle.ts";
export { checkHandshake, HandshakeError, isTorchHandshake, oracleExpectations, PROTOCOL_EXPECTATIONS, UNPINNED, TORCH_FIELDS, type TorchHandshake, type HandshakeExpectations, type HandshakeFailure, type Mismatch } from "./handshake.ts";
export { formatWorkerEvent, type WorkerEvent } from "./events.ts";
export { WorkerDied, type WorkerCommand, type ExitInfo } from "./worker-process.ts";
export { oracleAdvice } from "./advice.ts";
