// int64/float conversions, repr() in KeyError messages and a bernoulli edge against PyTorch 2.13.0, bit for bit
// (see conformance-run.ts).
import { conversionNameCases } from "../../support/cases/conversions-and-names.ts";
import { describeConformance } from "./conformance-run.ts";

describeConformance("conversions and names", conversionNameCases, 30);
