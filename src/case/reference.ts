// The reference configuration both sides of a comparison agree on: the torch version the committed corpus is made
// with and the built-in port matches bit for bit, and the pins every golden of any supported version is made under
// (reference-py/oracle.py sets both before it imports torch): ATen's DEFAULT kernels and one thread.
export const REFERENCE_TORCH_VERSION = "2.13.0";
export const PINS = { cpuCapability: "DEFAULT", threads: 1 } as const;
