// torch.nn as far as this port goes. Importing it registers every module family with the registry.
export * from "./module.ts";
export * from "./containers.ts";
export * from "./dropout.ts";
export * from "./batchnorm.ts";
export * from "./instancenorm.ts";
export * from "./activation.ts";
export * from "./lazy.ts";
export * from "./registry.ts";
export * from "./pyargs.ts";
export * as functional from "./functional/index.ts";
