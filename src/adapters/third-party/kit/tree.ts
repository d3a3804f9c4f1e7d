// A port's tree as PyTorch lists it: named_modules() (pre-order, deduplicated by identity), named_parameters()
// and named_buffers() of those modules, and the state_dict() keys (recursive, not deduplicated).
import type { Snapshot } from "../../../case/index.ts";
import { encodePy, encodeTensor } from "../../../case/index.ts";
import type { RawTensor } from "../../../case/tensor-codec.ts";
import type { ModulePort } from "./module-port.ts";

const join = (prefix: string, name: string) => (prefix === "" ? name : `${prefix}.${name}`);

export function namedModules<M extends object>(port: ModulePort<M>, root: M): Array<[string, M]> {
  const seen = new Set<M>();
  const out: Array<[string, M]> = [];
  const visit = (prefix: string, m: M) => {
    if (seen.has(m)) return;
    seen.add(m);
    out.push([prefix, m]);
    for (const [name, child] of port.children(m)) visit(join(prefix, name), child);
  };
  visit("", root);
  return out;
}

/** Is m among the modules under its own children (an add_module that made the tree a cycle)? */
export function insideItself<M extends object>(port: ModulePort<M>, m: M): boolean {
  return port.children(m).some(([, child]) => namedModules(port, child).some(([, sub]) => sub === m));
}

/** get_submodule(path), with PyTorch's AttributeError text. */
export function getSubmodule<M extends object>(port: ModulePort<M>, root: M, path: string): M {
  if (path === "") return root;
  let m = root;
  for (const item of path.split(".")) {
    const child = port.children(m).find(([name]) => name === item);
    if (child === undefined) throw Object.assign(new Error(`${port.className(m)} has no attribute \`${item}\``), { name: "AttributeError" });
    m = child[1];
  }
  return m;
}

function named<M extends object>(port: ModulePort<M>, root: M, own: (m: M) => Array<[string, RawTensor]>): Array<[string, RawTensor]> {
  return namedModules(port, root).flatMap(([prefix, m]) => own(m).map(([name, t]): [string, RawTensor] => [join(prefix, name), t]));
}

export function stateDictKeys<M extends object>(port: ModulePort<M>, root: M): string[] {
  const keys: string[] = [];
  const visit = (prefix: string, m: M) => {
    for (const [name] of [...port.parameters(m), ...port.buffers(m)]) keys.push(prefix + name);
    for (const [name, child] of port.children(m)) visit(`${prefix}${name}.`, child);
  };
  visit("", root);
  return keys;
}

export function snapshot<M extends object>(port: ModulePort<M>, root: M): Snapshot {
  return {
    modules: namedModules(port, root).map(([name, m]) => [name, port.className(m), encodePy(port.training(m))]),
    parameters: named(port, root, (m) => port.parameters(m)).map(([n, t]) => [n, encodeTensor(t)]),
    buffers: named(port, root, (m) => port.buffers(m)).map(([n, t]) => [n, encodeTensor(t)]),
    stateDictKeys: stateDictKeys(port, root),
  };
}
