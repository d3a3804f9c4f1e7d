// The in-place operations cases reach (running-stat copies, counter, in-place dropout, resets, loads) against
// PyTorch 2.13.0, bit for bit (see conformance-run.ts).
import { inplaceCases } from "../../support/cases/inplace.ts";
import { describeConformance } from "./conformance-run.ts";

describeConformance("in-place operation", inplaceCases, 80);
