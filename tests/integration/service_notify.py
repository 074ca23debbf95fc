#!/usr/bin/env python3
"""`smbkit serve` under a stand-in for systemd's notify socket: starts the server with
NOTIFY_SOCKET set, waits for READY=1 and checks that the port accepts a connection by then, sends
SIGHUP (systemctl reload) and waits for RELOADING=1 then READY=1, sends SIGTERM, waits for
STOPPING=1 and the exit. Prints one line per step; exits non-zero on the first
failure."""

import argparse
import os
import signal
import socket
import subprocess
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--socket", required=True, help="the datagram socket to create")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--timeout", type=float, default=20.0)
    p.add_argument("serve", nargs=argparse.REMAINDER, help="the smbkit serve command line")
    a = p.parse_args()
    if a.serve[:1] == ["--"]:
        a.serve = a.serve[1:]

    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(a.socket)
    sock.settimeout(a.timeout)
    env = dict(os.environ, NOTIFY_SOCKET=a.socket)
    server = subprocess.Popen(a.serve, env=env, stderr=subprocess.DEVNULL)
    try:
        ready = sock.recv(4096).decode()
        print("notify: " + ready.replace("\n", " | "))
        if "READY=1" not in ready.split("\n"):
            sys.exit("FAIL: the first notification is not READY=1")
        with socket.create_connection(("127.0.0.1", a.port), timeout=5):
            print(f"port {a.port} accepts connections at READY")
        server.send_signal(signal.SIGHUP)
        for expected in ("RELOADING=1", "READY=1"):
            message = sock.recv(4096).decode()
            print("notify: " + message.replace("\n", " | "))
            if message.split("\n")[0] != expected:
                sys.exit(f"FAIL: after SIGHUP the notification is not {expected}")
        server.send_signal(signal.SIGTERM)
        stopping = sock.recv(4096).decode()
        print("notify: " + stopping.replace("\n", " | "))
        if stopping.split("\n")[0] != "STOPPING=1":
            sys.exit("FAIL: after SIGTERM the notification is not STOPPING=1")
        print(f"exit status {server.wait(timeout=a.timeout)}")
    except socket.timeout:
        sys.exit("FAIL: no notification in time")
    finally:
        if server.poll() is None:
            server.kill()


if __name__ == "__main__":
    main()
