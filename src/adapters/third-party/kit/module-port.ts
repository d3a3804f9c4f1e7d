// The module-level API a JavaScript port implements to be verified: how to construct one node, attach a child,
// call train/eval/forward, and read back children, flags and tensors. portAdapter() (adapter.ts) does the rest
// exactly as the schema describes a case run: seeding, build order, steps, errors, snapshots.
//
// The split of responsibilities:
// - the port maps *vocabulary* (torch names and calls onto the library's) and nothing else;
// - convention profiles (src/verify/profiles) map *conventions* (momentum direction, eps default, layout);
// - what the library lacks is thrown as Unsupported, never emulated: the report then says "unsupported".
// Anything else a port method throws is the library raising: it becomes the step's (or the build's) error.
import type { Capabilities, Node, PyError, SetAttrStep } from "../../../case/index.ts";
import type { Py } from "../../../case/pyvalue.ts";
import type { RawTensor } from "../../../case/tensor-codec.ts";

export interface ForwardResult {
  output: RawTensor;
  /** The library returned the very input object. */
  sameObject: boolean;
  /** The input's elements changed (in-place). */
  inputMutated: boolean;
}

export interface ModulePort<M extends object> {
  /** Short name for reports, e.g. "js-pytorch 0.7.2". */
  readonly name: string;
  readonly implementation: string;
  /** The library's version, as a handshake names it. */
  readonly version?: string;
  /** What the port can run: generated cases stay inside it, stored ones outside it are not applicable. */
  readonly capabilities?: Capabilities;
  /** torch.manual_seed(seed) for the library's randomness: called with 0 before each build and on manual_seed steps. */
  seed(seed: number): void;
  /** Constructs the module of one node (its children are attached afterwards with addChild). */
  create(node: Node): M;
  /** add_module(name, child), at build and for add_module steps. */
  addChild(parent: M, name: string, child: M): void;
  /** Direct children in registration order. */
  children(m: M): Array<[string, M]>;
  /** type(m).__name__ in torch's vocabulary. */
  className(m: M): string;
  /** m.training */
  training(m: M): Py;
  /** m.train(mode) (mode undefined: m.train()); returns what the library returns. */
  train(m: M, mode: Py | undefined): unknown;
  /** m.eval(); returns what the library returns. */
  eval(m: M): unknown;
  setAttr(m: M, name: SetAttrStep["name"], value: Py): void;
  forward(m: M, input: RawTensor): ForwardResult;
  /** The module's own parameters and buffers (not its children's), with torch's names, as they are now. */
  parameters(m: M): Array<[string, RawTensor]>;
  buffers(m: M): Array<[string, RawTensor]>;
  resetRunningStats?(m: M): void;
  resetParameters?(m: M): void;
  /** Wraps the run of one whole case (e.g. to install a seeded Math.random for the case's duration). */
  around?<T>(fn: () => T): T;
  /** A library exception as the step's error (default: its name and message). */
  errorOf?(e: unknown): PyError;
}
