"""Times torch's BatchNorm2d training forward for scripts/bench.ts (not part of the oracle protocol).

usage: bench_batchnorm.py INPUT OUTPUT N C H W REPEATS WARMUP
INPUT holds N*C*H*W little-endian float32 values. Each repeat runs a fresh BatchNorm2d(C) (default arguments) in
training mode on it, after WARMUP untimed ones; the wall times (ms) go to stdout as one JSON line, with the configuration. The
output of the first repeat, then its running_mean and running_var, are written to OUTPUT as little-endian float32
bytes, so the caller can compare them bit for bit with its own. Run with ATEN_CPU_CAPABILITY=default.
"""
import ctypes
import json
import sys
import time

import torch


def main() -> None:
    src, dst, n, c, h, w, repeats, warmup = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:9])
    torch.set_num_threads(1)
    with open(src, "rb") as f:
        data = bytearray(f.read())
    x = torch.frombuffer(data, dtype=torch.float32).reshape(n, c, h, w)
    times = []
    first = None
    with torch.no_grad():
        for r in range(-warmup, repeats):
            bn = torch.nn.BatchNorm2d(c)
            start = time.perf_counter()
            y = bn(x)
            if r < 0:
                continue
            times.append(time.perf_counter() - start)
            if first is None:
                first = (y, bn.running_mean, bn.running_var)
    with open(dst, "wb") as f:
        for t in first:
            dense = t.detach().contiguous()  # float32 on a little-endian CPU: the bytes as they are
            f.write(ctypes.string_at(dense.data_ptr(), dense.numel() * dense.element_size()))
    print(json.dumps({
        "torch": torch.__version__,
        "capability": torch.backends.cpu.get_cpu_capability(),
        "threads": torch.get_num_threads(),
        "times": [t * 1000 for t in times],
        "repeats": repeats,
    }))


if __name__ == "__main__":
    main()
