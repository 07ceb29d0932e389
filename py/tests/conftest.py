import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

import paykassma

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
FIXTURES = REPO / "core" / "tests" / "fixtures"
VECTORS = REPO / "tests" / "vectors"
POSTBACK_KEY = "postback-private-key"


def php_batch(cases):
    """Runs cases through the PHP oracle (real PHP, as the gateway runs it)."""
    php = shutil.which("php")
    if php is None:
        pytest.fail("php is required (make deps installs php8.2-cli)")
    done = subprocess.run(
        [php, str(HERE / "php_oracle.php")],
        input=json.dumps(cases).encode(),
        capture_output=True,
        check=True,
    )
    return json.loads(done.stdout)


def signed_fixture(name: str, key: str = POSTBACK_KEY) -> bytes:
    """A documents' example body with its signature replaced by a valid one for ``key``."""
    text = (FIXTURES / name).read_text()
    data = json.loads(text)
    new = paykassma.sign_postback(data["additional_data"], data["access_key"], key)
    return text.replace(data["signature"], new).encode()


def run_threads(work, count=8):
    """Runs ``work(n)`` for n in 0..count, each in its own thread, and waits for all of them."""
    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def load_vectors(name: str):
    path = VECTORS / name
    if not path.exists():
        pytest.fail(f"tests/vectors/{name} is missing: the shared vectors are part of every run")
    return json.loads(path.read_text())
