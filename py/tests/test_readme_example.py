"""Runs the README's http.server example against the local gateway: deposit redirect, withdrawal,
postbacks (fresh, repeated, tampered)."""

import json
import re
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

import paykassma
from conftest import HERE, signed_fixture
from local_gateway import LocalGateway


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


def test_readme_merchant_server(capsys):
    gateway = LocalGateway()
    gateway.route("/v2/withdrawal/create", 200, {"status": "ok"})
    code = readme_server_code()
    code = code.replace('"http://127.0.0.1:8080"', repr(gateway.url)).replace('"shop.db"', '":memory:"')
    code = code.replace('ThreadingHTTPServer(("127.0.0.1", 8000), Shop).serve_forever()', "")
    namespace = {"__name__": "readme_example"}
    exec(compile(code, "README.md", "exec"), namespace)
    server = ThreadingHTTPServer(("127.0.0.1", 0), namespace["Shop"])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    shop = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        status, headers, _ = request(f"{shop}/deposit?user=u1")
        assert status == 302 and "label=u1" in headers["Location"]

        order = {"user": "125199", "amount": 1000, "account_number": "03405135211", "account_name": "Saqib"}
        status, _, body = request(f"{shop}/withdraw", json.dumps(order).encode())
        assert status == 200 and json.loads(body)["withdrawal_id"]
        status, _, body = request(f"{shop}/withdraw", json.dumps({**order, "amount": 0}).encode())
        assert status == 400 and json.loads(body)["field"] == "amount"

        postback = signed_fixture("easypaisa_deposit_postback.json", "sandbox-postback-key")
        for _ in range(2):  # a repeat is acknowledged but credited once
            status, _, body = request(f"{shop}/paykassma/postback", postback)
            assert (status, body) == (200, paykassma.ACKNOWLEDGEMENT.encode())
        assert capsys.readouterr().out.count("credit 5586199250 1000 PKR") == 1
        tampered = postback.replace(b'"amount": "1000"', b'"amount": "9000"')
        status, _, body = request(f"{shop}/paykassma/postback", tampered)
        assert status == 400 and json.loads(body) == {"error": "signature_mismatch"}
    finally:
        server.shutdown()
        server.server_close()
        gateway.close()
