"""A fake platform API on 127.0.0.1: a real HTTP server in a thread.

Subclasses implement `handle(req) -> (status, body, headers)`. Faults are queued per
route and consumed in order:
  "429"      answer 429 with Retry-After, do nothing
  "500"      answer 500, do nothing (the request cannot have taken effect)
  "slow"     do nothing for longer than the client's read timeout
  "drop"     take effect, then close the connection without an answer
  "late"     take effect, then answer after the client's read timeout
  "echo"     answer 400 quoting the request's headers and body back (a careless API)
Every request is logged; shape problems go to `problems` (tests assert it is empty).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Req:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        ctype = self.headers.get("content-type", "")
        if ctype.startswith("multipart/form-data"):
            return _multipart(self.body, ctype)
        return dict(urllib.parse.parse_qsl(self.body.decode("utf-8")))


@dataclass
class Fake:
    token: str = "tok"
    slow_seconds: float = 0.6
    faults: dict[str, list[str]] = field(default_factory=dict)
    log: list[Req] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # texts that took effect, in order
    lock: threading.RLock = field(default_factory=threading.RLock)

    # -- to override -------------------------------------------------------------------
    def handle(self, req: Req) -> tuple[int, Any, dict[str, str]]:
        raise NotImplementedError

    # -- helpers -----------------------------------------------------------------------
    def fault(self, route: str, *kinds: str) -> None:
        self.faults.setdefault(route, []).extend(kinds)

    def expect(self, cond: bool, what: str) -> None:
        if not cond:
            self.problems.append(what)

    def bearer(self, req: Req) -> bool:
        ok = req.headers.get("authorization") == f"Bearer {self.token}"
        self.expect(ok, f"{req.method} {req.path}: bad or missing Authorization")
        return ok

    def start(self) -> str:
        fake = self

        class H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else loopback answers wait for delayed ACKs

            def log_message(self, *a: Any) -> None:
                pass

            def _go(self) -> None:
                n = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(n) if n else b""
                u = urllib.parse.urlsplit(self.path)
                req = Req(self.command, u.path, dict(urllib.parse.parse_qsl(u.query)),
                          {k.lower(): v for k, v in self.headers.items()}, body)
                with fake.lock:
                    fake.log.append(req)
                    kind = fake._take(req)
                if kind == "429":
                    return self._send(429, {"error": "rate limited"}, {"Retry-After": "0"})
                if kind == "500":
                    return self._send(500, {"error": "internal"}, {})
                if kind == "echo":
                    return self._send(400, {"error": "bad request", "headers": req.headers,
                                            "body": req.body.decode("utf-8", "replace")}, {})
                if kind == "slow":
                    time.sleep(fake.slow_seconds)
                    return self._send(503, {"error": "too slow"}, {})
                with fake.lock:
                    status, data, headers = fake.handle(req)
                if kind == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return None
                if kind == "late":
                    time.sleep(fake.slow_seconds)
                return self._send(status, data, headers)

            def _send(self, status: int, data: Any, headers: dict[str, str]) -> None:
                raw = data if isinstance(data, bytes) else json.dumps(data).encode()
                try:
                    self.send_response(status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if "Content-Type" not in headers:
                        self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                except OSError:
                    pass  # the client gave up (its timeout): what a real server sees too

            do_GET = do_POST = do_PUT = _go

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        return self.url

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _take(self, req: Req) -> str | None:
        for route, kinds in self.faults.items():
            if kinds and (route == "*" or route in req.path):
                return kinds.pop(0)
        return None

    def duplicates(self) -> list[str]:
        seen: set[str] = set()
        return [t for t in self.created if t in seen or seen.add(t)]  # type: ignore[func-returns-value]


def _multipart(body: bytes, ctype: str) -> dict[str, str]:
    boundary = ctype.split("boundary=", 1)[1].strip('"').encode()
    out: dict[str, str] = {}
    for chunk in body.split(b"--" + boundary):
        if b"\r\n\r\n" not in chunk:
            continue
        head, _, value = chunk.partition(b"\r\n\r\n")
        name = head.split(b'name="', 1)[1].split(b'"', 1)[0].decode() if b'name="' in head \
            else ""
        value = value.rstrip(b"\r\n")
        if b"filename=" in head:
            out[name] = f"<file {len(value)} bytes>"
        else:
            out[name] = value.decode("utf-8", "replace")
    return out
