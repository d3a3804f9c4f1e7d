// The judge: compare a port's answers with PyTorch's, tag what cases exercise, reproduce and record failures.
export { compareOutcomes, compareResults, formatDifference, DEFAULT_MAX_ULPS, type CompareOptions, type Difference } from "./compare.ts";
export { caseTags, errorTag, missingTags, tagTableMarkdown, tallyTags, REQUIRED_TAGS } from "./tags.ts";
export { pythonSnippet, typescriptSnippet, pyLiteral } from "./snippets.ts";
export { summarizeResult } from "./summary.ts";
export { judgeCases, judgeProperty, runLive, sampleCases, verdictOf, type LiveFailure, type LiveOptions, type LiveRun, type Verdict } from "./live.ts";
export { caseSize, formatFailure } from "./failure-report.ts";
export { readRegressions, regressionId, writeRegression, REGRESSION_FORMAT, type RegressionEntry } from "./regressions.ts";
export { readJudgeConfig, type JudgeConfig } from "./config.ts";
export { writeTagReport, type TagReport } from "./tag-report.ts";
export { overriddenBuiltinAdapter, type FactoryOverride, type PortOverrides } from "./port-overrides.ts";
