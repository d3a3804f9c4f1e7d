// The well-formed request sent after a hostile corpus: a worker that is still alive and sane answers it with a result.
export const PROBE_LINE = Buffer.from(
  JSON.stringify({ type: "run", id: "probe", case: { schema: 1, id: "probe", nodes: { m: { type: "Identity" } }, root: "m", steps: [{ op: "eval", path: "" }] } }),
);
