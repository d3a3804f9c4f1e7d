export * from "./types.generated.ts";
export * from "./pyvalue.ts";
export * from "./tensor-codec.ts";
export * from "./validate.ts";
export * from "./limits.ts";
export * from "./hooks.ts";
export * from "./capabilities.ts";
export * from "./reference.ts";
