// The directory holding package.json, reference-py/ and fixtures/: the repository root when running the sources,
// the installed package's root when running the compiled dist/ (both one level above this file).
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
