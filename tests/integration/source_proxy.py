#!/usr/bin/env python3
"""A TCP forwarder that reaches the server from another loopback address.

source_proxy.py LISTEN_PORT SERVER_PORT SOURCE_ADDRESS: accepts on 127.0.0.1:LISTEN_PORT and
forwards each connection to 127.0.0.1:SERVER_PORT from SOURCE_ADDRESS (e.g. 127.0.0.2; all of
127.0.0.0/8 is loopback), so that a client which cannot choose its source address (smbclient)
is seen by the server as coming from there: for "hosts allow" / "hosts deny".
"""
import socket
import sys
import threading


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (dst, src):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client, server_port, source):
    upstream = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        upstream.bind((source, 0))
        upstream.connect(("127.0.0.1", server_port))
    except OSError:
        client.close()
        return
    threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
    pump(client, upstream)


def main():
    listen_port, server_port, source = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen_port))
    listener.listen(16)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, server_port, source), daemon=True).start()


if __name__ == "__main__":
    main()
