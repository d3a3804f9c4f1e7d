// BatchNorm1d/2d/3d against PyTorch 2.13.0, bit for bit (see conformance-run.ts).
import { describe } from "vitest";
import { batchNormCases as cases } from "../../support/cases/batchnorm.ts";
import { answersOf, itAgreesPerCase, itHasDistinctCases, itRanAndProducedOutputs } from "./conformance-run.ts";

const answers = answersOf(cases);

describe("batchnorm conformance: port vs PyTorch 2.13.0", () => {
  itHasDistinctCases(cases, 150);
  itRanAndProducedOutputs(answers, 400);

  itAgreesPerCase(cases, answers);
});
