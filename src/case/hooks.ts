// The register_* step ops of the schema, and their steps: what remove_hook may name, what a port must map.
import type { Step } from "./types.generated.ts";

export const HOOK_REGISTRATIONS = [
  "register_forward_pre_hook",
  "register_forward_hook",
  "register_module_forward_pre_hook",
  "register_module_forward_hook",
  "register_state_dict_post_hook",
  "register_load_state_dict_pre_hook",
  "register_load_state_dict_post_hook",
] as const;

export type HookRegistration = Extract<Step, { op: (typeof HOOK_REGISTRATIONS)[number] }>;

export const isHookRegistration = (step: Step): step is HookRegistration => (HOOK_REGISTRATIONS as readonly string[]).includes(step.op);
