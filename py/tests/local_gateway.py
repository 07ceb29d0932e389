"""A local HTTP server answering in the gateway's documented shapes, for the client tests until
the project's sandbox gateway is available to them. Each path gets a canned (status, body, delay);
every request is recorded."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class LocalGateway:
    def __init__(self):
        self.routes = {}
        self.requests = []
        self.lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def handle_one(self):
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with gateway.lock:
                    gateway.requests.append(
                        {"method": self.command, "path": url.path, "query": parse_qs(url.query), "body": body, "headers": {k.lower(): v for k, v in self.headers.items()}}
                    )
                status, answer, delay = gateway.routes.get(url.path, (404, "", 0))
                if callable(answer):
                    answer = answer(body)
                if delay:
                    time.sleep(delay)
                data = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = handle_one
            do_POST = handle_one

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def route(self, path, status, answer, delay=0.0):
        self.routes[path] = (status, answer, delay)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
