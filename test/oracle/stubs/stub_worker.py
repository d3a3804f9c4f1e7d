"""A scripted protocol worker for the client's tests (not an oracle: it answers every case with an empty result).

usage: stub_worker.py [--handshake JSON] [--before-handshake hang|exit|junk] [--crash-after N] [--hang-after N]
                      [--junk-at N] [--wrong-id-at N] [--invalid-at N] [--extra-line-at N] [--ignore-eof]
                      [--flood-at N] [--stderr-flood] [--delay-ms MS] [--stderr TEXT] [--hold N]
Counts N from 0 over this process's answers. --hold N answers in groups of N: nothing until it has read N requests since the last group. --handshake merges JSON into the handshake. --flood-at writes an
endless line (no newline) instead of answer N; --stderr-flood writes 8 MiB to stderr without a newline first.
"""

import argparse
import json
import os
import sys
import time

p = argparse.ArgumentParser()
p.add_argument("--handshake", default="{}")
p.add_argument("--before-handshake", choices=["hang", "exit", "junk"])
p.add_argument("--crash-after", type=int)
p.add_argument("--hang-after", type=int)
p.add_argument("--junk-at", type=int)
p.add_argument("--wrong-id-at", type=int)
p.add_argument("--invalid-at", type=int)
p.add_argument("--extra-line-at", type=int)
p.add_argument("--flood-at", type=int)
p.add_argument("--stderr-flood", action="store_true")
p.add_argument("--ignore-eof", action="store_true")
p.add_argument("--delay-ms", type=float, default=0)
p.add_argument("--stderr", default="")
p.add_argument("--hold", type=int, default=0)
args = p.parse_args()


def say(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def hang():
    while True:
        time.sleep(3600)


if args.stderr:
    print(args.stderr, file=sys.stderr, flush=True)
if args.stderr_flood:
    sys.stderr.write("x" * (8 << 20))
    sys.stderr.flush()
if args.before_handshake == "hang":
    hang()
if args.before_handshake == "exit":
    print("stub: giving up before the handshake", file=sys.stderr, flush=True)
    sys.exit(5)
if args.before_handshake == "junk":
    sys.stdout.write("hello, I am not JSON\n")
    sys.stdout.flush()
    hang()

handshake = {"type": "handshake", "protocol": 1, "schema": 1, "implementation": "stub", "torch": "2.13.0+stub",
             "gitVersion": "0" * 40, "cpuCapability": "DEFAULT", "threads": 1, "python": "3.11.0"}
handshake.update(json.loads(args.handshake))
say(handshake)

def requests():
    held = []
    for line in sys.stdin:
        if not line.strip():
            continue
        held.append(line)
        if len(held) >= args.hold:
            yield from held
            held = []


n = 0
for line in requests():
    if args.crash_after is not None and n >= args.crash_after:
        print(f"stub: crashing at answer {n}", file=sys.stderr, flush=True)
        os._exit(7)
    if args.hang_after is not None and n >= args.hang_after:
        hang()
    if args.delay_ms:
        time.sleep(args.delay_ms / 1000)
    try:
        request = json.loads(line)
    except ValueError:
        say({"type": "rejected", "id": None, "code": "bad_json", "message": "not JSON", "where": ""})
        n += 1
        continue
    rid = request.get("id")
    case_id = request.get("case", {}).get("id")
    answer = {"type": "result", "id": rid, "result": {"schema": 1, "id": case_id, "build": {"error": None, "warnings": []}, "steps": []}}
    if n == args.flood_at:
        chunk = "{" * (1 << 20)
        while True:
            sys.stdout.write(chunk)
    if n == args.junk_at:
        sys.stdout.write("junk\n")
        sys.stdout.flush()
    elif n == args.wrong_id_at:
        say({**answer, "id": "not-" + str(rid)})
    elif n == args.invalid_at:
        say({"type": "result", "id": rid, "result": {"schema": 1, "id": case_id}})
    else:
        say(answer)
    if n == args.extra_line_at:
        say(answer)
    n += 1

if args.ignore_eof:
    hang()
