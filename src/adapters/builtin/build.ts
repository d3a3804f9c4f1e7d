// Building a case's module tree on the port: every node constructed once in build order, with its
// arguments bound as Python binds them, then its children added with add_module(name, child).
import type { Case, ModuleType, Node } from "../../case/index.ts";
import { decodePy } from "../../case/index.ts";
import { typeError } from "../../errors.ts";
import type { Module } from "../../nn/module.ts";
import { type PyArg, TorchDType } from "../../nn/pyargs.ts";
import type { ModuleFactory } from "../../nn/registry.ts";

/** Where the port finds a module type's factory: the registry, or an override of it (overrides.ts). */
export type FactoryLookup = (type: ModuleType) => ModuleFactory | undefined;

/** The Python call `cls(*args, **kwargs, dtype=...)` for one node. */
export function construct(node: Node, factories: FactoryLookup): Module {
  const factory = factories(node.type);
  if (factory === undefined) throw new Error(`the built-in port has no module type ${node.type}`);
  const args: PyArg[] = (node.args ?? []).map(decodePy);
  const kwargs: [string, PyArg][] = Object.entries(node.kwargs ?? {}).map(([k, v]) => [k, decodePy(v)]);
  if (node.dtype !== undefined) {
    if (kwargs.some(([k]) => k === "dtype")) throw typeError(`${factory.pyPath}() got multiple values for keyword argument 'dtype'`);
    kwargs.push(["dtype", new TorchDType(node.dtype)]);
  }
  return factory.create(args, kwargs);
}

/** Builds every node (children before parents, as `order` lists them); throws the first PyTorch error. */
export function buildTree(nodes: Case["nodes"], order: readonly string[], factories: FactoryLookup): Map<string, Module> {
  const built = new Map<string, Module>();
  for (const nid of order) {
    const node = nodes[nid]!;
    const module = construct(node, factories);
    for (const [name, child] of node.children ?? []) module.addModule(name, built.get(child)!);
    built.set(nid, module);
  }
  return built;
}
