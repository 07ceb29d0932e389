"""The project's sandbox gateway as a real process (`paykassma sandbox --port 0`), and a merchant
postback endpoint in this process that verifies what the sandbox delivers."""

import json
import os
import subprocess
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import paykassma
from conftest import REPO

SECRET = "sandbox-secret"
WITHDRAWAL_KEY = "sandbox-withdrawal-private-key"
POSTBACK_KEY = "sandbox-postback-private-key"


def sandbox_binary():
    path = os.environ.get("PAYKASSMA_BIN") or str(REPO / "target" / "release" / "paykassma")
    if not os.path.exists(path):
        pytest.fail(f"{path} is missing: build it with `cargo build --release -p paykassma-cli`")
    help = subprocess.run([path, "sandbox", "--help"], capture_output=True)
    if help.returncode != 0:
        pytest.skip("this checkout's `paykassma` command has no sandbox yet")
    return path


class PostbackReceiver:
    """The merchant's endpoint: verifies every body, keeps the verified postbacks in order."""

    def __init__(self):
        self.postbacks = []
        self.refused = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    receiver.postbacks.append(paykassma.verify_postback(body, POSTBACK_KEY))
                    status, answer = 200, paykassma.ACKNOWLEDGEMENT
                except paykassma.PaykassmaError as e:
                    receiver.refused.append(e)
                    status, answer = 400, json.dumps({"error": e.code})
                data = answer.encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/postback"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, n, timeout=15.0):
        deadline = time.monotonic() + timeout
        while len(self.postbacks) < n:
            if time.monotonic() > deadline:
                raise AssertionError(f"waited for {n} postbacks, got {len(self.postbacks)}; refused {self.refused}")
            time.sleep(0.02)
        return self.postbacks[n - 1]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class Sandbox:
    def __init__(self):
        binary = sandbox_binary()
        self.receiver = PostbackReceiver()
        self.process = subprocess.Popen(
            [binary, "sandbox", "--port", "0", "--postback-url", self.receiver.url],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()
        if not line.startswith("sandbox listening on "):
            self.process.kill()
            raise AssertionError(f"sandbox did not start: {line!r} {self.process.stderr.read()}")
        self.url = line.split()[-1]

    def control(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        req = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read() or b"null")

    def pay(self, wallet_type, identifier, amount, **extra):
        return self.control("POST", "/_sandbox/pay", {"wallet_type": wallet_type, "identifier": identifier, "amount": amount, **extra})["transaction_id"]

    def fault(self, kind, count=1, **extra):
        self.control("POST", "/_sandbox/faults", {"kind": kind, "count": count, **extra})

    def answer(self, path_prefix, status, body, **extra):
        """The next request under ``path_prefix`` gets this answer instead of the gateway's."""
        self.fault("answer", path_prefix=path_prefix, status=status, body=body, **extra)

    def requests(self):
        """The gateway requests the sandbox saw since the start or the last reset (no secret)."""
        return self.control("GET", "/_sandbox/requests")["requests"]

    def reset(self):
        self.control("POST", "/_sandbox/reset")

    def client(self, **kw):
        settings = dict(
            secret=SECRET,
            withdrawal_private_key=WITHDRAWAL_KEY,
            postback_private_key=POSTBACK_KEY,
            plugin_base_url=self.url,
            connect_timeout=2,
            read_timeout=2,
            retry_backoff=0.01,
        )
        settings.update(kw)
        return paykassma.Client(self.url, **settings)

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()
        self.receiver.close()
