// `node --import ./support/loads/register.mjs ...` records which modules a process loads (hooks.mjs), so a test can
// say what importing an entry point pulls in.
import { register } from "node:module";

register("./hooks.mjs", import.meta.url);
