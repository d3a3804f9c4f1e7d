#!/usr/bin/env node
// The torch-conformance command line: wires one module per command (src/cli/<command>.ts) into one program.
import { createRequire } from "node:module";
import path from "node:path";
import { Command } from "commander";
import { REFERENCE_TORCH_VERSION } from "../case/reference.ts";
import { PACKAGE_ROOT } from "../package-root.ts";
import { doctorCommand } from "./doctor.ts";
import { conformanceCommand } from "./conformance.ts";
import { huntCommand } from "./hunt.ts";
import { provisionCommand } from "./provision.ts";
import { serveCommand } from "./serve.ts";
import { verifyCommand } from "./verify.ts";

const { version } = createRequire(import.meta.url)(path.join(PACKAGE_ROOT, "package.json")) as { version: string };

const program = new Command("torch-conformance")
  .description(`machine-checkable conformance of nn.Module train()/eval(), Dropout and BatchNorm against real PyTorch ${REFERENCE_TORCH_VERSION}`)
  .version(version);

program.addCommand(provisionCommand());
program.addCommand(doctorCommand());
program.addCommand(conformanceCommand());
program.addCommand(verifyCommand());
program.addCommand(huntCommand());
program.addCommand(serveCommand());

await program.parseAsync(process.argv);
