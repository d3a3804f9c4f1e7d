// setattr on parameter and buffer slots against PyTorch 2.13.0, bit for bit (see conformance-run.ts).
import { slotCases } from "../../support/cases/slots.ts";
import { describeConformance } from "./conformance-run.ts";

describeConformance("parameter and buffer slot", slotCases, 50);
