// add_module with the names each class's instance answers to, constructor defaults omitted vs given, and the
// constructors' TypeErrors against PyTorch 2.13.0, bit for bit (see conformance-run.ts).
import { signatureNameCases } from "../../src/specs/signatures-and-names.ts";
import { describeConformance } from "./conformance-run.ts";

describeConformance("class names, defaults and constructor errors", "signatures-and-names", signatureNameCases, 50);
