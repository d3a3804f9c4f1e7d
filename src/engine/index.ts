// The judge engine: case sources x golden sources x ports x policy -> one verdict type -> one report model.
export { judgeRun, type JudgeRunOptions } from "./engine.ts";
export { runEngine, portOutcomes, type EngineItem, type EngineOptions, type EngineRun } from "./run.ts";
export { judge, toPortCase, portView, BIT_EXACT, type JudgeSettings, type CaseMeta } from "./judge.ts";
export { featureCounts, generateCases, generatedItems, generatedId, parseGeneratedId, sampleCases, shardSeeds, type SeedRange, type GeneratedCase } from "./generated.ts";
export { runLive, fails, type LiveFailure, type LiveOptions, type LiveRun } from "./live.ts";
export { loadOneCase, type OneCase } from "./one-case.ts";
export { buildReport } from "./report.ts";
export { exactTwin, closerSide } from "./exact.ts";
export { causeOf } from "./attribute.ts";
export { noAnswerStatus } from "./no-answer.ts";
export { caseSize } from "./case-size.ts";
export { formatFailure } from "./failure-report.ts";
export { caseJudge, type CaseJudge, type Judged } from "./judge-cases.ts";
export { DEFAULT_SHRINK_BUDGET, shrinkCase, type Shrunk } from "./shrink.ts";
export { failureKinds, differenceKind } from "./failure-kind.ts";
export { FAILING, countStatuses, runPassed, type CaseStatus, type Counts, type JudgedDifference, type Verdict } from "./verdict.ts";
