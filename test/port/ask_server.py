"""Answers test/port/ask-python.ts: runs each script as `python -c` would, in a child forked from this process.

Importing torch costs a Python process over a second of CPU, and the tests ask torch dozens of questions, so this
process imports it once (in the reference configuration, as reference-py/oracle.py does) and forks a child per
script: each script still starts from a process that has done nothing but that import, so no script sees another's
state (seeds, hooks, default dtype). The scripts are the tests' own, never input from outside.

Usage: ask_server.py DIR. Listens on the Unix socket DIR/socket before it imports torch, so a client can connect at
once and a server that dies importing it resets the connection instead of leaving it waiting. A client sends a
script and shuts down its side; the answer is the child's exit status and byte counts ("!iII"), then its stdout and
its stderr. Ends when its stdin ends (the test process that started it is gone), removing DIR (its socket and the
log of its stderr); a server that fails leaves DIR, so that the log says why.
"""

import builtins
import os
import select
import shutil
import socket
import struct
import sys
import tempfile
import traceback


def run_script(source, out, err):
    """In the forked child: the script as `python -c` runs it, stdout and stderr into the given files. Never returns."""
    status = 1
    try:
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(out.fileno(), 1)
        os.dup2(err.fileno(), 2)
        sys.argv = ["-c"]
        sys.path[0] = ""
        try:
            exec(compile(source, "<string>", "exec"), {"__name__": "__main__", "__builtins__": builtins})
            status = 0
        except SystemExit as e:
            if e.code is None or isinstance(e.code, int):
                status = e.code or 0
            else:
                print(e.code, file=sys.stderr)
        except BaseException:
            traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)


def answer(conn):
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    source = b"".join(chunks).decode("utf-8")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:
            run_script(source, out, err)
        status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    conn.sendall(struct.pack("!iII", status, len(stdout), len(stderr)) + stdout + stderr)


def serve(directory):
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(os.path.join(directory, "socket"))
    listener.listen()
    # the oracle's module sets the reference configuration as it imports torch (capability, threads, determinism)
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "reference-py"))
    import oracle  # noqa: F401

    del sys.path[0]  # a script's path is python -c's, set in the child
    while True:
        ready, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in ready and not os.read(sys.stdin.fileno(), 1):
            return
        if listener in ready:
            conn, _ = listener.accept()
            with conn:
                answer(conn)


if __name__ == "__main__":
    serve(sys.argv[1])
    shutil.rmtree(sys.argv[1], ignore_errors=True)
