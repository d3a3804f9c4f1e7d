export { fuzz, fuzzTable, builtinTarget, workerTarget, type FuzzReport, type FuzzTarget } from "./drive.ts";
export { giantLines, hostileLines, idOfLine } from "./hostile-lines.ts";
export { PROBE_LINE } from "./probe.ts";
export { startTarget, TARGET_NAMES, type TargetName } from "./targets.ts";
