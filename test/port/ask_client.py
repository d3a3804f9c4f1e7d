"""Asks test/port/ask_server.py to run the script on stdin; exits as the script did, with its stdout and stderr.

Usage: ask_client.py DIR, the server's directory (DIR/socket, and its stderr in DIR/stderr). Run with `python -S`: it
needs nothing but the standard library, and it is started once per question (Node cannot wait for a socket
synchronously). A server just started may not be listening yet: it waits for the socket a while; when there is none,
or no answer, it fails with the server's stderr.
"""

import os
import socket
import struct
import sys
import time

SOCKET_WAIT_SECONDS = 30  # a Python without torch starts in well under a second, even on a busy machine

path, server_log = os.path.join(sys.argv[1], "socket"), os.path.join(sys.argv[1], "stderr")


def fail(why):
    try:
        with open(server_log, encoding="utf-8", errors="replace") as log:
            why += f"; its stderr:\n{log.read()}"
    except OSError as e:
        why += f"; its stderr is gone ({e})"
    sys.exit(why)


source = sys.stdin.buffer.read()
deadline = time.monotonic() + SOCKET_WAIT_SECONDS
while True:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        break
    except (FileNotFoundError, ConnectionRefusedError):
        conn.close()
        if time.monotonic() > deadline:
            fail(f"the ask server made no socket {path} in {SOCKET_WAIT_SECONDS} s")
        time.sleep(0.02)

chunks = []
try:
    with conn:
        conn.sendall(source)
        conn.shutdown(socket.SHUT_WR)
        while chunk := conn.recv(65536):
            chunks.append(chunk)
except ConnectionResetError:
    chunks = []
answer = b"".join(chunks)
if len(answer) < 12:
    fail("the ask server closed the connection without an answer")
status, n_out, n_err = struct.unpack("!iII", answer[:12])
sys.stdout.buffer.write(answer[12 : 12 + n_out])
sys.stderr.buffer.write(answer[12 + n_out : 12 + n_out + n_err])
sys.exit(status if status >= 0 else 128 - status)
