"""The ``paykassma`` logger and the ``proxy`` setting, against the real sandbox process: one
line per attempt when enabled, none by default, no secret in any; a loopback proxy carries the
requests when named, whatever HTTP_PROXY says, and its password shows nowhere."""

import base64
import logging
import socket
import sys
import threading

import pytest

import paykassma
from sandbox_env import POSTBACK_KEY, SECRET, WITHDRAWAL_KEY, Sandbox

PROXY_PASSWORD = "proxy-password-do-not-leak"


@pytest.fixture
def sandbox():
    s = Sandbox()
    yield s
    s.close()


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def captured():
    logger = logging.getLogger("paykassma")
    handler = Capture()
    logger.addHandler(handler)
    yield logger, handler
    logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)


def withdraw(c, **kw):
    args = dict(payment_system="easypaisa", currency_code="PKR", label="u", amount=1000,
                account_number="03405135211", account_name="Muhammad", is_test=True)
    args.update(kw)
    return c.create_withdrawal(**args)


def test_one_debug_line_per_attempt_with_no_secret(sandbox, captured):
    logger, handler = captured
    c = sandbox.client()
    c.accounts_balance()
    assert handler.records == [], "silent until the application enables it"

    logger.setLevel(logging.DEBUG)
    sandbox.fault("http_500", count=1, path_prefix="/api/v1/accounts-balance")
    c.accounts_balance()
    sandbox.fault("echo_error", count=3, format="json")
    with pytest.raises(paykassma.ApiError):
        withdraw(c)
    lines = [handler.format(r) for r in handler.records]
    assert [r.levelno for r in handler.records] == [logging.DEBUG] * 3, lines
    assert lines[0].startswith("GET /api/v1/accounts-balance -> 500 unexpected_response (attempt 1, ") and lines[0].endswith(", retrying")
    assert lines[1].startswith("GET /api/v1/accounts-balance -> 200 (attempt 2, ")
    assert lines[2].startswith("POST /v2/withdrawal/create -> 400 api_error (attempt 1, ")
    attempt = handler.records[1].paykassma
    assert (attempt["method"], attempt["path"], attempt["status"], attempt["attempt"]) == ("GET", "/api/v1/accounts-balance", 200, 2)
    assert attempt["duration_ms"] > 0
    everything = repr([(r.getMessage(), r.paykassma) for r in handler.records])
    for secret in (SECRET, WITHDRAWAL_KEY, POSTBACK_KEY):
        assert secret not in everything


def test_a_failing_log_handler_does_not_fail_the_call(sandbox, captured, monkeypatch):
    logger, _ = captured
    reported = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)

    class Broken(logging.Handler):
        def emit(self, record):
            raise RuntimeError("handler down")

        def handleError(self, record):
            raise RuntimeError("handler down")

    broken = Broken()
    logger.addHandler(broken)
    logger.setLevel(logging.DEBUG)
    try:
        assert sandbox.client().accounts_balance()["status"] == "success"
        # Python reports the handler's failure as it does any exception nobody can catch.
        assert [type(r.exc_value) for r in reported] == [RuntimeError]
    finally:
        logger.removeHandler(broken)


class LoopbackProxy:
    """An HTTP proxy on loopback (CONNECT tunnels and absolute-form requests); keeps the heads."""

    def __init__(self):
        self.heads = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(conn,), daemon=True).start()

    def _relay(self, conn):
        head = b""
        while not head.endswith(b"\r\n\r\n"):
            chunk = conn.recv(1)
            if not chunk:
                return
            head += chunk
        text = head.decode("latin-1")
        self.heads.append(text)
        target = text.split()[1]
        connect = not target.startswith("http://")
        authority = target if connect else target[len("http://"):].split("/")[0]
        host, port = authority.rsplit(":", 1)
        upstream = socket.create_connection((host, int(port)))
        if connect:
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:
            upstream.sendall(head)

        def pipe(a, b):
            try:
                while data := a.recv(65536):
                    b.sendall(data)
            except OSError:
                pass
            finally:
                for s in (a, b):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

        threading.Thread(target=pipe, args=(upstream, conn), daemon=True).start()
        pipe(conn, upstream)

    def close(self):
        self.listener.close()


def dead_port():
    with socket.create_server(("127.0.0.1", 0)) as s:
        return s.getsockname()[1]


def test_the_proxy_setting_wins_over_the_environment_and_hides_its_password(sandbox, monkeypatch):
    proxy = LoopbackProxy()
    try:
        dead = f"http://127.0.0.1:{dead_port()}"
        for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
            monkeypatch.setenv(name, dead)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
        url = f"http://merchant:{PROXY_PASSWORD}@127.0.0.1:{proxy.port}"
        c = sandbox.client(proxy=url, max_retries=0)
        assert c.accounts_balance()["status"] == "success"
        [head] = proxy.heads
        assert sandbox.url.split("//")[1] in head
        assert base64.b64encode(f"merchant:{PROXY_PASSWORD}".encode()).decode() in head

        # Without the setting, the environment decides (NO_PROXY dropped: a dead HTTP_PROXY fails).
        monkeypatch.delenv("NO_PROXY")
        monkeypatch.delenv("no_proxy")
        with pytest.raises(paykassma.TransportError):
            sandbox.client(max_retries=0).accounts_balance()

        down = sandbox.client(proxy=f"http://merchant:{PROXY_PASSWORD}@127.0.0.1:{dead_port()}", max_retries=0)
        with pytest.raises(paykassma.TransportError) as failed:
            down.accounts_balance()
        with pytest.raises(paykassma.ValidationError) as refused:
            sandbox.client(proxy=f"ftp://merchant:{PROXY_PASSWORD}@host")
        assert refused.value.field == "proxy"
        shown = " ".join(map(repr, (c, down, failed.value, str(failed.value), refused.value, str(refused.value))))
        assert PROXY_PASSWORD not in shown
    finally:
        proxy.close()
