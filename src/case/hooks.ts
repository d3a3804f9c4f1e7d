// The register_* step ops of the schema, and their steps: what remove_hook may name, what a port must map.
import type { Step } from "./types.generated.ts";

/** Each register_* op, with the kind of hook it registers (its feature tag is hook.<kind>). */
export const HOOK_KINDS = {
  register_forward_pre_hook: "forward-pre",
  register_forward_hook: "forward",
  register_module_forward_pre_hook: "global-pre",
  register_module_forward_hook: "global",
  register_state_dict_post_hook: "state-dict-post",
  register_load_state_dict_pre_hook: "load-pre",
  register_load_state_dict_post_hook: "load-post",
} as const;

export type HookRegistration = Extract<Step, { op: keyof typeof HOOK_KINDS }>;

export const isHookRegistration = (step: Step): step is HookRegistration => Object.hasOwn(HOOK_KINDS, step.op);
