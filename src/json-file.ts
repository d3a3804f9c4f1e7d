// Reading a JSON file that a user or an earlier run wrote (a manifest, a report, an expectations or a state file):
// the error names the file and says whether it could not be read (and why: ENOENT, EACCES...) or is not JSON, the
// same way for every such file. What the value must hold is for each reader to check.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";

/** Its message is "<file>: <reason>"; a reader that names the file itself shows just the reason. */
export class JsonFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = "JsonFileError";
  }
}

const unreadable = (file: string, what: string, e: unknown) => new JsonFileError(file, `cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);

function parsed(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new JsonFileError(file, `bad JSON (${(e as Error).message})`);
  }
}

/** `what` names the file's kind in the message, e.g. "the fixtures manifest". */
export async function readJsonFile(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw unreadable(file, what, e);
  }
  return parsed(file, text);
}

export function readJsonFileSync(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw unreadable(file, what, e);
  }
  return parsed(file, text);
}
