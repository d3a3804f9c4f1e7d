"""Times PyTorch alone on the oracle's cases, for scripts/bench.ts (not part of the oracle protocol).

usage: bench_pytorch_alone.py COUNT < stream
The first COUNT lines of stdin are worker-protocol request lines. Each case is checked and its input bytes decoded
beforehand, untimed; then every case runs what the oracle runs for it, in this one process: seed the generator, build
the tree, make each step's tensor or state dict and perform the step, an exception being that step's outcome. Nothing
is recorded: no snapshots, no step values, no warnings caught, no encoding. Every case runs once untimed, and then
stdout gets the line {"ready": true}, so the bench times nothing while this process is still starting. Then each
further line of stdin times one run of all COUNT cases and gets one JSON line on stdout,
{"cases": N, "seconds": S, "cpuSeconds": C}: wall time and this process's CPU time (user and system, as the bench
reads the oracle's). So the bench can take turns with the oracle, each side's runs next to the other's in time. The
oracle's own functions do the work, so the two cannot drift apart.
"""
import json
import os
import sys
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference-py"))
import oracle  # noqa: E402  (sets the reference configuration: ATEN_CPU_CAPABILITY before torch loads, one thread, ...)


def run_alone(case, order, inputs, puts):
    oracle.torch.default_generator.manual_seed(0)
    try:
        built = oracle.build(case["nodes"], order)
    except Exception:
        return
    root, state_dicts = built[case["root"]], {}
    hooks = oracle.Hooks(root)
    hooks.armed = True  # a hook does what the case says (its log included: the oracle's hook is that function)
    try:
        for i, step in enumerate(case["steps"]):
            try:
                arg = oracle.step_argument(i, step, inputs, puts, state_dicts)
                oracle.perform(i, step, root, built, state_dicts, arg, hooks)
            except Exception:
                pass
    finally:
        hooks.remove_all()  # global hooks would outlive the case


def main():
    count = int(sys.argv[1])
    validator = oracle.RequestValidator()
    lines = [sys.stdin.readline() for _ in range(count)]
    prepared = [oracle.check_request(validator, validator.limits, json.loads(line)) for line in lines]
    warnings.simplefilter("ignore")
    oracle.settle_gc()  # as the oracle serves cases (the prepared requests, too, are alive for the whole run)
    for p in prepared:
        run_alone(*p)
    print(json.dumps({"ready": True}), flush=True)
    for _ in sys.stdin:
        start, cpu = time.perf_counter(), time.process_time()
        for p in prepared:
            run_alone(*p)
        print(json.dumps({"cases": len(prepared), "seconds": time.perf_counter() - start, "cpuSeconds": time.process_time() - cpu}), flush=True)


if __name__ == "__main__":
    main()
