#!/usr/bin/env node
// Runs the TypeScript CLI directly (the project has no build step): registers tsx's ESM loader, then imports main.ts.
import { register } from "tsx/esm/api";

register();
await import(new URL("../src/cli/main.ts", import.meta.url).href);
