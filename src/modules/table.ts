// The module table: one spec per type a case can name (the schema's ModuleType). The generator, the feature tags,
// the convention profiles and the third-party adapters read it; test/modules/table.test.ts checks it against the
// schema's enum, the oracle's MODULE_TYPES, the port's registry and what the venv's torch says about each class.
// A new module type is one entry here, its port file (registered in src/nn/registry.ts) and one row of the oracle's
// MODULE_TYPES (and the schema's enum).
import type { ModuleType } from "../case/types.generated.ts";
import type { ModuleSpec, NormFamily, Param } from "./spec.ts";

export type ContainerType = "Sequential" | "ModuleList" | "ModuleDict" | "Chain" | "FrozenBN";

const arg = (name: string, dflt?: Param["default"]): Param => (dflt === undefined ? { name, kind: "POSITIONAL_OR_KEYWORD" } : { name, kind: "POSITIONAL_OR_KEYWORD", default: dflt });
const VAR_ARGS: Param = { name: "args", kind: "VAR_POSITIONAL" };
const VAR_KWARGS: Param = { name: "kwargs", kind: "VAR_KEYWORD" };

const container = (type: ContainerType, pyPath: string, init: string, params: Param[], tags: string[] = []): ModuleSpec => ({
  type,
  pyPath,
  init,
  params,
  inputRanks: null,
  stateKeys: [],
  attributes: [],
  trainEvalDiffer: false,
  random: false,
  tags,
  leaf: "container",
});

const DROPOUT_PARAMS = [arg("p", 0.5), arg("inplace", false)];

const dropout = (type: ModuleType, inputRanks: number[] | null, tags: string[]): ModuleSpec => ({
  type,
  pyPath: `torch.nn.modules.dropout.${type}`,
  init: "_DropoutNd.__init__",
  params: DROPOUT_PARAMS,
  inputRanks,
  stateKeys: [],
  attributes: ["p", "inplace"],
  trainEvalDiffer: true,
  random: true,
  tags,
  leaf: "dropout",
});

/** _NormBase / _LazyNormBase: BatchNorm's defaults; InstanceNorm's eager classes default affine and track_running_stats to False. */
function norm(family: NormFamily, lazy: boolean, dim: 1 | 2 | 3): ModuleSpec {
  const off = family === "InstanceNorm" && !lazy;
  const params: Param[] = [
    ...(lazy ? [] : [arg("num_features")]),
    arg("eps", 1e-5),
    arg("momentum", 0.1),
    arg("affine", !off),
    arg("track_running_stats", !off),
    arg("device", null),
    arg("dtype", null),
    { name: "bias", kind: "KEYWORD_ONLY", default: true },
  ];
  const short = family === "BatchNorm" ? "bn" : "in";
  const type = `${lazy ? "Lazy" : ""}${family}${dim}d` as ModuleType;
  return {
    type,
    pyPath: `torch.nn.modules.${family.toLowerCase()}.${type}`,
    init: lazy ? "_LazyNormBase.__init__" : `_${family}.__init__`,
    params,
    // BatchNorm1d takes (N, C) or (N, C, L); InstanceNorm takes its unbatched form (C, *spatial) too, listed first
    inputRanks: family === "BatchNorm" ? (dim === 1 ? [2, 3] : [dim + 2]) : [dim + 1, dim + 2],
    stateKeys: ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"],
    attributes: ["num_features", "eps", "momentum", "affine", "track_running_stats"],
    trainEvalDiffer: true,
    random: false,
    tags: [`${short}.${dim}d`, ...(lazy ? [`${short}.lazy`] : [])],
    leaf: "norm",
    norm: { family, lazy, dim },
  };
}

const SPECS: ModuleSpec[] = [
  container("Sequential", "torch.nn.modules.container.Sequential", "Sequential.__init__", [VAR_ARGS]),
  container("ModuleList", "torch.nn.modules.container.ModuleList", "ModuleList.__init__", [arg("modules", null)], ["tree.not-callable"]),
  container("ModuleDict", "torch.nn.modules.container.ModuleDict", "ModuleDict.__init__", [arg("modules", null)], ["tree.not-callable"]),
  container("Chain", "__main__.Chain", "Module.__init__", [VAR_ARGS, VAR_KWARGS]),
  container("FrozenBN", "__main__.FrozenBN", "Module.__init__", [VAR_ARGS, VAR_KWARGS], ["tree.frozen-bn"]),
  {
    type: "Identity",
    pyPath: "torch.nn.modules.linear.Identity",
    init: "Identity.__init__",
    params: [VAR_ARGS, VAR_KWARGS],
    inputRanks: null,
    stateKeys: [],
    attributes: [],
    trainEvalDiffer: false,
    random: false,
    tags: [],
    leaf: "simple",
  },
  dropout("Dropout", null, []),
  // Dropout1d takes (C, L) or (N, C, L); Dropout2d and 3d warn on their unbatched rank, listed second
  dropout("Dropout1d", [2, 3], ["dropout.feature"]),
  dropout("Dropout2d", [4, 3], ["dropout.feature"]),
  dropout("Dropout3d", [5, 4], ["dropout.feature"]),
  dropout("AlphaDropout", null, ["dropout.alpha"]),
  dropout("FeatureAlphaDropout", null, ["dropout.alpha", "dropout.feature"]),
  ...(["BatchNorm", "InstanceNorm"] as const).flatMap((family) => [false, true].flatMap((lazy) => ([1, 2, 3] as const).map((dim) => norm(family, lazy, dim)))),
  {
    type: "RReLU",
    pyPath: "torch.nn.modules.activation.RReLU",
    init: "RReLU.__init__",
    params: [arg("lower", 0.125), arg("upper", 1 / 3), arg("inplace", false)],
    inputRanks: null,
    stateKeys: [],
    attributes: ["lower", "upper", "inplace"],
    trainEvalDiffer: true,
    random: true,
    tags: ["rrelu"],
    leaf: "rrelu",
  },
];

export const MODULES: Readonly<Record<ModuleType, ModuleSpec>> = Object.fromEntries(SPECS.map((s) => [s.type, s])) as Record<ModuleType, ModuleSpec>;

/** The spec of a type name; undefined for a name outside the schema's enum. */
export const moduleSpec = (type: string): ModuleSpec | undefined => (Object.hasOwn(MODULES, type) ? MODULES[type as ModuleType] : undefined);

/** Is it a container (its nodes hold children, its forward, if any, is theirs)? */
export const isContainerType = (type: string): boolean => moduleSpec(type)?.leaf === "container";
