// The judge: compare a port's answers with PyTorch's, tag what cases exercise, reproduce and record failures.
export { compareOutcomes, compareResults, formatDifference, formatDifferences, type Difference, type Mismatch } from "./compare.ts";
export { ASSERT_CLOSE_DEFAULTS, BITS, describePolicy, resolvePolicy, type ComparePolicy, type PolicyOptions } from "./policy.ts";
export { caseTags, errorTag, missingTags, tagTableMarkdown, tallyTags, REQUIRED_TAGS } from "./tags.ts";
export { pythonSnippet, typescriptSnippet, pyLiteral } from "./snippets.ts";
export { summarizeResult } from "./summary.ts";
export { readRegressions, regressionId, writeRegression, REGRESSION_FORMAT, type RegressionEntry } from "./regressions.ts";
export { readJudgeConfig, type JudgeConfig } from "./config.ts";
export { writeTagReport, type TagReport } from "./tag-report.ts";
