#!/usr/bin/env python3
"""A TCP proxy between an SMB client and server that breaks the server's side on purpose.

fault_proxy.py LISTEN_PORT SERVER_PORT MODE: forwards one connection after another; in the
server-to-client direction it reads whole direct-TCP frames and, from the first SMB2 READ
response carrying data on, does what MODE says:
  close     closes both sockets (a server gone mid-transfer)
  lie-len   sets DataLength far past the end of the message (a lying length)
  lie-off   sets DataOffset inside the SMB2 header (a lying offset)
  silent    sends nothing more and keeps the connection open (a reply never sent)
Prints "fault: MODE" on stderr when it acts. Plaintext SMB2 only (no signing or encryption, or
the client would reject the change before parsing it).
"""
import socket
import struct
import sys
import threading

SMB2_READ = 0x0008


def read_exact(sock, n):
    out = b""
    while len(out) < n:
        chunk = sock.recv(n - len(out))
        if not chunk:
            return None
        out += chunk
    return out


def is_read_response_with_data(msg):
    if len(msg) < 64 + 16 or msg[:4] != b"\xfeSMB":
        return False
    command, = struct.unpack_from("<H", msg, 12)
    flags, = struct.unpack_from("<I", msg, 16)
    status, = struct.unpack_from("<I", msg, 8)
    if command != SMB2_READ or not flags & 1 or status != 0:
        return False
    length, = struct.unpack_from("<I", msg, 64 + 4)
    return length > 0


def pump_client_to_server(client, server):
    try:
        while True:
            data = client.recv(65536)
            if not data:
                break
            server.sendall(data)
    except OSError:
        pass


def serve(client, server_port, mode):
    server = socket.create_connection(("127.0.0.1", server_port))
    threading.Thread(target=pump_client_to_server, args=(client, server), daemon=True).start()
    acted = False
    try:
        while True:
            head = read_exact(server, 4)
            if head is None:
                break
            length = int.from_bytes(head[1:], "big")
            msg = read_exact(server, length)
            if msg is None:
                break
            if not acted and is_read_response_with_data(msg):
                acted = True
                print(f"fault: {mode}", file=sys.stderr, flush=True)
                if mode == "close":
                    client.sendall(head + msg[: len(msg) // 2])
                    break
                if mode == "silent":
                    threading.Event().wait(3600)
                msg = bytearray(msg)
                if mode == "lie-len":
                    struct.pack_into("<I", msg, 64 + 4, 0x7FFFFFF0)
                elif mode == "lie-off":
                    msg[64 + 2] = 0x10
            client.sendall(head + bytes(msg))
    except OSError:
        pass
    finally:
        for s in (client, server):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


def main():
    listen_port, server_port, mode = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", listen_port))
    listener.listen(4)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, server_port, mode), daemon=True).start()


if __name__ == "__main__":
    main()
