"""The CPython asynchat contender for the load harness: PING, SET, GET, CONFIG GET (empty
list), multi-bulk and inline requests, on Python's own asynchat/asyncore (3.11 or older).

    python3 resp_asynchat.py --port PORT

Prints "listening on 127.0.0.1:PORT (backend cpython-asynchat)" when ready; SIGTERM stops it.
"""
import argparse
import signal
import socket
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
import asynchat  # noqa: E402
import asyncore  # noqa: E402

STORE = {}


class RespChannel(asynchat.async_chat):
    def __init__(self, sock):
        super().__init__(sock)
        self.buf = []
        self.args = []
        self.remaining_args = 0
        self.set_terminator(b"\r\n")

    def collect_incoming_data(self, data):
        self.buf.append(data)

    def found_terminator(self):
        data = b"".join(self.buf)
        self.buf = []
        if self.remaining_args == 0:
            if data.startswith(b"*"):
                self.remaining_args = int(data[1:])
                self.args = []
                return
            if data:
                self.answer(data.split())
            return
        if isinstance(self.get_terminator(), bytes):
            # "$len": the argument follows, with its CRLF.
            self.set_terminator(int(data[1:]) + 2)
            return
        self.args.append(data[:-2])
        self.set_terminator(b"\r\n")
        self.remaining_args -= 1
        if self.remaining_args == 0:
            self.answer(self.args)

    def answer(self, args):
        name = args[0].upper()
        if name == b"PING":
            self.push(b"+PONG\r\n")
        elif name == b"SET":
            STORE[args[1]] = args[2]
            self.push(b"+OK\r\n")
        elif name == b"GET":
            v = STORE.get(args[1])
            self.push(b"$-1\r\n" if v is None else b"$%d\r\n%s\r\n" % (len(v), v))
        elif name in (b"CONFIG", b"COMMAND"):
            self.push(b"*0\r\n")
        else:
            self.push(b"-ERR unknown command\r\n")


class Server(asyncore.dispatcher):
    def __init__(self, port):
        super().__init__()
        self.create_socket(socket.AF_INET, socket.SOCK_STREAM)
        self.set_reuse_addr()
        self.bind(("127.0.0.1", port))
        self.listen(128)

    def handle_accepted(self, sock, addr):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        RespChannel(sock)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    port = parser.parse_args().port
    server = Server(port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("listening on 127.0.0.1:%d (backend cpython-asynchat)" % server.socket.getsockname()[1], flush=True)
    asyncore.loop(timeout=1.0, use_poll=True)


if __name__ == "__main__":
    main()
