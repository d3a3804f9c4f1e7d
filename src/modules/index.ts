export * from "./spec.ts";
export * from "./table.ts";
