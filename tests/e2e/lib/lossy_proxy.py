# Loopback HTTP proxy for the e2e tests: forwards to a collector, but swallows the collector's reply to the first POST /api/v1/events.
"""A tiny HTTP/1.1 proxy on 127.0.0.1 that loses one reply on purpose.

Usage: python3 lossy_proxy.py UPSTREAM_HOST:PORT PORT_FILE LOG_FILE

It binds an ephemeral port, writes it to PORT_FILE (atomically), and forwards every request to the upstream
collector on a fresh connection. For the first POST /api/v1/events it reads the collector's whole answer (so the
collector has committed the batch) and then closes the client's connection without sending a byte of it: the
kiosk sees a lost reply. Every later request is passed through unchanged. LOG_FILE gets one line per request:
"forwarded METHOD PATH STATUS BODY" or "dropped METHOD PATH STATUS BODY" (the collector's answer, on one line). Stops on SIGTERM/SIGINT.
"""
import os
import signal
import socket
import sys
import threading

HEADER_LIMIT = 64 * 1024
IO_TIMEOUT = 30.0


class Closed(Exception):
    """The peer closed the connection (or sent something this proxy does not speak)."""


def read_head(sock, buffer):
    """Reads up to the end of the header block; returns (head bytes, rest of buffer)."""
    while b"\r\n\r\n" not in buffer:
        if len(buffer) > HEADER_LIMIT:
            raise Closed("header too large")
        chunk = sock.recv(65536)
        if not chunk:
            raise Closed("eof")
        buffer += chunk
    head, _, rest = buffer.partition(b"\r\n\r\n")
    return head, rest


def parse_headers(lines):
    headers = []
    for line in lines:
        name, sep, value = line.partition(b":")
        if not sep:
            raise Closed("bad header line")
        headers.append((name.strip(), value.strip()))
    return headers


def header(headers, name):
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def read_exact(sock, buffer, size):
    while len(buffer) < size:
        chunk = sock.recv(65536)
        if not chunk:
            raise Closed("eof in body")
        buffer += chunk
    return buffer[:size], buffer[size:]


class Proxy:
    def __init__(self, upstream, log_path):
        host, _, port = upstream.rpartition(":")
        self.upstream = (host, int(port))
        self.log = open(log_path, "a", buffering=1)
        self.lock = threading.Lock()
        self.dropped = False

    def note(self, text):
        with self.lock:
            self.log.write(text + "\n")

    def should_drop(self, method, target):
        with self.lock:
            if self.dropped or method != b"POST" or target.split(b"?")[0] != b"/api/v1/events":
                return False
            self.dropped = True
            return True

    def forward(self, request):
        """Sends one request upstream on its own connection and returns the whole raw response."""
        with socket.create_connection(self.upstream, timeout=IO_TIMEOUT) as up:
            up.sendall(request)
            response = b""
            while True:
                chunk = up.recv(65536)
                if not chunk:
                    return response
                response += chunk

    def serve_client(self, client):
        client.settimeout(IO_TIMEOUT)
        buffer = b""
        try:
            while True:
                head, buffer = read_head(client, buffer)
                lines = head.split(b"\r\n")
                parts = lines[0].split(b" ")
                if len(parts) != 3:
                    raise Closed("bad request line")
                method, target, _version = parts
                headers = parse_headers(lines[1:])
                if header(headers, b"transfer-encoding") is not None:
                    raise Closed("chunked requests are not supported")
                length = int(header(headers, b"content-length") or b"0")
                body, buffer = read_exact(client, buffer, length)
                # Upstream: one connection per request, closed by the collector after its answer.
                kept = [(k, v) for k, v in headers if k.lower() not in (b"connection", b"keep-alive")]
                upstream_head = [lines[0]] + [k + b": " + v for k, v in kept] + [b"Connection: close"]
                response = self.forward(b"\r\n".join(upstream_head) + b"\r\n\r\n" + body)
                status = response.split(b"\r\n", 1)[0].split(b" ")[1:2]
                status = status[0].decode() if status else "none"
                # The answer's body on one line (the per-event results of an upload), for the test to read.
                answer = response.partition(b"\r\n\r\n")[2][:2000].decode("utf-8", "replace").replace("\n", " ")
                line = method.decode() + " " + target.decode() + " " + status + " " + answer
                if self.should_drop(method, target):
                    self.note("dropped " + line)
                    return  # the collector answered; the client never hears it
                self.note("forwarded " + line)
                # The collector was asked to close, so its answer says "Connection: close" and the client reconnects.
                client.sendall(response)
                if b"connection: close" in response.split(b"\r\n\r\n", 1)[0].lower():
                    return
        except (Closed, OSError, ValueError):
            return
        finally:
            try:
                client.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            client.close()


def main():
    if len(sys.argv) != 4:
        print("usage: lossy_proxy.py UPSTREAM_HOST:PORT PORT_FILE LOG_FILE", file=sys.stderr)
        return 2
    upstream, port_file, log_path = sys.argv[1:]
    proxy = Proxy(upstream, log_path)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    temporary = port_file + ".tmp"
    with open(temporary, "w") as out:
        out.write(str(listener.getsockname()[1]) + "\n")
    os.replace(temporary, port_file)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=proxy.serve_client, args=(client,), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
