// torch.nn.functional as far as this port goes.
export * from "./dropout.ts";
export * from "./batch-norm.ts";
export * from "./instance-norm.ts";
export * from "./activation.ts";
