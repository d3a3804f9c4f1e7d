// torch.utils.hooks.RemovableHandle and the ordered hook dictionaries of torch/nn/modules/module.py (2.13): every
// handle takes the next id of one global counter; a dictionary runs its hooks in insertion order, and `prepend`
// moves a new one to the front (OrderedDict.move_to_end(id, last=False)).

/** An OrderedDict of hooks by handle id. */
export class HookDict<H> extends Map<number, H> {
  /** Inserts at the front: what move_to_end(id, last=False) does to a key just added. */
  prepend(id: number, hook: H): void {
    const rest = [...this];
    this.clear();
    this.set(id, hook);
    for (const [k, v] of rest) this.set(k, v);
  }
}

let nextId = 0;

/** RemovableHandle(hooks_dict, extra_dict=...): remove() deletes its id from every dictionary; again is a no-op. */
export class RemovableHandle {
  // Stryker disable next-line UpdateOperator: equivalent: ids need only be distinct; the hook dicts keep insertion order, never id order
  readonly id = nextId++;

  constructor(private readonly dicts: readonly { delete(id: number): boolean }[]) {}

  remove(): void {
    for (const d of this.dicts) d.delete(this.id);
  }
}
