"""Runs the README's http.server example against the sandbox gateway: deposit redirect, withdrawal,
postbacks (fresh, repeated, tampered)."""

import json
import re
import threading
import time
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

import paykassma
from conftest import HERE, signed_fixture
from sandbox_env import Sandbox


def readme_server_code():
    readme = (HERE.parent / "README.md").read_text()
    [code] = [b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "BaseHTTPRequestHandler" in b]
    return code


def request(url, data=None):
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def start_readme_server(gateway_url):
    """The README's server on a free port, its client pointed at ``gateway_url``."""
    code = readme_server_code()
    assert code.count('"http://127.0.0.1:8080"') == 2
    code = code.replace('"http://127.0.0.1:8080"', repr(gateway_url)).replace('"shop.db"', '":memory:"')
    code = code.replace('ThreadingHTTPServer(("127.0.0.1", 8000), Shop).serve_forever()', "")
    namespace = {"__name__": "readme_example"}
    exec(compile(code, "README.md", "exec"), namespace)
    server = ThreadingHTTPServer(("127.0.0.1", 0), namespace["Shop"])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_readme_example_against_the_sandbox(capsys):
    sandbox = Sandbox()
    server, shop = start_readme_server(sandbox.url)
    try:
        sandbox.control("POST", "/_sandbox/settings", {"postback_url": f"{shop}/paykassma/postback"})
        status, headers, _ = request(f"{shop}/deposit?user=u1")
        assert status == 302 and headers["Location"].startswith(sandbox.url) and "label=u1" in headers["Location"]
        # The link leads to the sandbox's payment page, not a 404.
        status, page_headers, page = request(headers["Location"])
        assert status == 200 and page_headers["Content-Type"].startswith("text/html")
        assert b"u1" in page and b"easypaisa" in page

        order = {"user": "u1", "amount": 1000, "account_number": "03405135211", "account_name": "Test"}
        status, _, body = request(f"{shop}/withdraw", json.dumps(order).encode())
        assert status == 200
        withdrawal_id = json.loads(body)["withdrawal_id"]
        sandbox.control("POST", f"/_sandbox/withdrawals/{withdrawal_id}/pay")
        # A deposit through the client; its postback goes to the shop too.
        c = sandbox.client()
        identifier = c.create_transaction(wallet_type="easypaisa", currency="PKR", label="u1")["params"]["identifier"]
        tx = sandbox.pay("easypaisa", identifier, 1500)
        c.activate_transaction(wallet_type="easypaisa", currency_code="PKR", label="u1", key1=tx, amount=1500,
                               custom_transaction_id="order-77")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            postbacks = sandbox.control("GET", "/_sandbox/postbacks")["postbacks"]
            if len(postbacks) == 2 and all(p["acknowledged"] for p in postbacks):
                break
            time.sleep(0.05)
        else:
            raise AssertionError(f"postbacks not acknowledged: {postbacks}")
        out = capsys.readouterr().out
        assert f"withdrawal paid {withdrawal_id}" in out
        assert "credit order-77 1500 PKR" in out
    finally:
        server.shutdown()
        server.server_close()
        sandbox.close()


def test_readme_merchant_server(capsys):
    gateway = Sandbox()
    server, shop = start_readme_server(gateway.url)
    try:
        status, headers, _ = request(f"{shop}/deposit?user=u1")
        assert status == 302 and "label=u1" in headers["Location"]

        order = {"user": "125199", "amount": 1000, "account_number": "03405135211", "account_name": "Saqib"}
        status, _, body = request(f"{shop}/withdraw", json.dumps(order).encode())
        assert status == 200 and json.loads(body)["withdrawal_id"]
        status, _, body = request(f"{shop}/withdraw", json.dumps({**order, "amount": 0}).encode())
        assert status == 400 and json.loads(body)["field"] == "amount"

        postback = signed_fixture("easypaisa_deposit_postback.json", "sandbox-postback-private-key")
        for _ in range(2):  # a repeat is acknowledged but credited once
            status, _, body = request(f"{shop}/paykassma/postback", postback)
            assert (status, body) == (200, paykassma.ACKNOWLEDGEMENT.encode())
        assert capsys.readouterr().out.count("credit 5586199250 1000 PKR") == 1
        tampered = postback.replace(b'"amount": "1000"', b'"amount": "9000"')
        status, _, body = request(f"{shop}/paykassma/postback", tampered)
        assert status == 401 and json.loads(body) == {"error": "signature_mismatch"}
        for junk in (b"not json", b"{}", b""):
            status, _, body = request(f"{shop}/paykassma/postback", junk)
            assert status == 400 and json.loads(body) == {"error": "malformed_postback"}, junk
        for junk in (b"not json", b"[1]", json.dumps({"user": "u1"}).encode()):
            status, _, body = request(f"{shop}/withdraw", junk)
            assert status == 400 and "error" in json.loads(body), junk
        # The gateway refusing: a 502 naming the code and the withdrawal to look up, no traceback.
        gateway.answer("/v2/withdrawal/create", 400, {"status": "fail", "message": "Insufficient funds"})
        status, _, body = request(f"{shop}/withdraw", json.dumps(order).encode())
        assert status == 502 and json.loads(body)["error"] == "api_error" and json.loads(body)["withdrawal_id"]
    finally:
        server.shutdown()
        server.server_close()
        gateway.close()
