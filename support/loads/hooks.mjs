// Module hooks that append the URL of every module loaded to the file named by TC_LOADED_LOG (see register.mjs).
import { appendFileSync } from "node:fs";

export async function load(url, context, next) {
  appendFileSync(process.env.TC_LOADED_LOG, `${url}\n`);
  return next(url, context);
}
