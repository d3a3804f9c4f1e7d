// Where corpus-setup.ts writes the replay items for replay.spec.ts: chunk-<k>.json holds items [k*CHUNK, (k+1)*CHUNK).
import path from "node:path";

/** Cases per replay test. */
export const CHUNK = 50;
export const chunkFile = (dir: string, k: number) => path.join(dir, `chunk-${k}.json`);
