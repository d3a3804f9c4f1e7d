// `torch-conformance serve`: the built-in port as a worker speaking the protocol on stdin/stdout, so anything that
// drives a worker (the client, another language's harness, a fuzzer) can drive the port as it drives the oracle.
import { Command } from "commander";
import { serve } from "../adapters/builtin/serve.ts";

export function serveCommand(): Command {
  return new Command("serve")
    .description("run the built-in port as a protocol worker: a handshake line, then one answer line per request line on stdin")
    .action(async () => {
      await serve(process.stdin, process.stdout);
    });
}
