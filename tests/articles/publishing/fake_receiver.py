"""A local HTTP server standing in for Telegram, webhook receivers and IndexNow: it answers
each path by a plan (time out, fail, ask for a pause) and then succeeds, and keeps every
request it got and what it answered."""

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    answer: str  # "200", "500", "timeout"...

    def json(self):
        return json.loads(self.body)

    @property
    def acknowledged(self):
        return self.answer.startswith("2")


class FakeReceiver:
    def __init__(self, *, slow_seconds=1.0):
        self.slow_seconds = slow_seconds
        self.requests = []
        self.plans = {}
        self.lock = threading.Lock()
        self.messages = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.answer(self, body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def plan(self, path, *answers):
        """Answer the next requests to `path` so, in order: "timeout", a status code, or a
        (status, json body or None, headers) tuple; then 200."""
        self.plans.setdefault(path, []).extend(answers)

    def received(self, path=None):
        with self.lock:
            return [r for r in self.requests if path is None or r.path.endswith(path)]

    def acknowledged(self, path=None):
        return [r for r in self.received(path) if r.acknowledged]

    def answer(self, handler, body):
        path = handler.path
        with self.lock:
            plan = next((p for suffix, p in self.plans.items() if path.endswith(suffix)), [])
            planned = plan.pop(0) if plan else None
        if planned == "timeout":
            self._record(path, handler, body, "timeout")
            time.sleep(self.slow_seconds)  # the sender has given up by now
            return
        status, payload, headers = 200, None, {}
        if isinstance(planned, int):
            status = planned
        elif isinstance(planned, tuple):
            status, payload, headers = planned
        if payload is None and "/bot" in path:
            if status == 200:
                with self.lock:
                    self.messages += 1
                    payload = {"ok": True, "result": {"message_id": self.messages}}
            else:
                payload = {"ok": False, "error_code": status, "description": f"Error {status}"}
        content = json.dumps(payload).encode() if payload is not None else b"ok"
        self._record(path, handler, body, str(status))
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(content)))
            handler.end_headers()
            handler.wfile.write(content)
        except OSError:
            pass

    def _record(self, path, handler, body, answer):
        with self.lock:
            self.requests.append(Received(path, dict(handler.headers), body, answer))

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
