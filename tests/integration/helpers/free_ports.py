#!/usr/bin/python3
"""Prints N free TCP ports on 127.0.0.1 (default 2), for daemons started by a test.

    python3 tests/integration/helpers/free_ports.py [N]
"""
import socket
import sys


def free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


if __name__ == "__main__":
    print(*free_ports(int(sys.argv[1]) if len(sys.argv) > 1 else 2))
