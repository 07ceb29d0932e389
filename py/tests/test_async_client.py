"""``paykassma.AsyncClient`` under asyncio against the real sandbox process: the same surface as
``Client``, calls made together run together while the loop keeps turning, and a cancelled call
finishes or times out in the background, a withdrawal keeping its id."""

import asyncio
import inspect
import threading
import time

import pytest

import paykassma
from sandbox_env import POSTBACK_KEY, SECRET, WITHDRAWAL_KEY, Sandbox


@pytest.fixture
def sandbox():
    s = Sandbox()
    yield s
    s.close()


def async_client(sandbox, **kw):
    settings = dict(withdrawal_private_key=WITHDRAWAL_KEY, postback_private_key=POSTBACK_KEY,
                    plugin_base_url=sandbox.url, connect_timeout=2, read_timeout=2, retry_backoff=0.01)
    settings.update(kw)
    return paykassma.AsyncClient(sandbox.url, SECRET, **settings)


WITHDRAWAL = dict(payment_system="easypaisa", currency_code="PKR", label="u", amount=1000,
                  account_number="03405135211", account_name="Muhammad", is_test=True)


def test_same_constructor_and_methods_as_client():
    public = [n for n, _ in inspect.getmembers(paykassma.Client, inspect.isfunction) if not n.startswith("_")]
    for name in public:
        sync, aio = getattr(paykassma.Client, name), getattr(paykassma.AsyncClient, name)
        assert inspect.signature(sync) == inspect.signature(aio), name
        local = name in ("plugin_url", "verify_postback")
        assert inspect.iscoroutinefunction(aio) is not local, name
    init = inspect.signature(paykassma.AsyncClient.__init__).parameters
    assert list(inspect.signature(paykassma.Client.__init__).parameters) == list(init)[:-1]
    assert list(init)[-1] == "max_workers"
    with pytest.raises(ValueError, match="max_workers"):
        paykassma.AsyncClient("http://127.0.0.1:1", "s", max_workers=0)


def test_calls_made_together_run_together_and_the_loop_keeps_turning(sandbox):
    # Four balance lookups, each answered 600 ms late: one after another they would take 2.4 s.
    sandbox.fault("slow", count=4, delay_ms=600, path_prefix="/api/v1/accounts-balance")

    async def main():
        ticks = 0
        stop = asyncio.Event()

        async def ticker():
            nonlocal ticks
            while not stop.is_set():
                await asyncio.sleep(0.01)
                ticks += 1

        async with async_client(sandbox) as c:
            tick = asyncio.ensure_future(ticker())
            started = time.monotonic()
            answers = await asyncio.gather(*(c.accounts_balance() for _ in range(4)),
                                           *(c.create_transaction(wallet_type="easypaisa", currency="PKR", label=f"user-{i}")
                                             for i in range(4)))
            took = time.monotonic() - started
            stop.set()
            await tick
        return answers, took, ticks

    answers, took, ticks = asyncio.run(main())
    assert all(a["status"] == "success" and a["data"]["balances"] for a in answers[:4])
    assert all(a["status"] == "ok" and a["params"]["identifier"] for a in answers[4:])
    assert 0.6 <= took < 1.8, took
    # The event loop ran its other task all along (about 60 ticks in 0.6 s).
    assert ticks >= 20, ticks
    assert len(sandbox.control("GET", "/_sandbox/state")["faults"]) == 0


def test_errors_are_the_same_exceptions_as_client(sandbox):
    async def main():
        async with async_client(sandbox) as c:
            with pytest.raises(paykassma.ValidationError) as e:
                await c.create_withdrawal(**dict(WITHDRAWAL, amount=1000.5))
            assert e.value.field == "amount"
            with pytest.raises(paykassma.ApiError):
                await c.get_postback(type="withdrawal", withdrawal_id="never-made")

    asyncio.run(main())


def test_a_cancelled_call_times_out_in_the_background_and_blocks_no_thread(sandbox):
    # Answered after 30 s: only the read timeout (1 s) ends the request.
    sandbox.fault("slow", count=1, delay_ms=30000, path_prefix="/api/v1/accounts-balance")
    threads_before = threading.active_count()

    async def main():
        c = async_client(sandbox, read_timeout=1, max_retries=0)
        call = asyncio.ensure_future(c.accounts_balance())
        await asyncio.sleep(0.2)
        call.cancel()
        with pytest.raises(asyncio.CancelledError):
            await call
        started = time.monotonic()
        await c.aclose()
        return time.monotonic() - started

    waited = asyncio.run(main())
    # aclose waited for the request still on the wire, which the read timeout ended.
    assert 0.5 < waited < 3, waited
    assert threading.active_count() <= threads_before


def test_a_cancelled_withdrawal_keeps_its_id_and_can_be_looked_up(sandbox):
    # The gateway processes the withdrawal, then answers 1.5 s later: the caller gave up first.
    sandbox.fault("slow", count=1, delay_ms=1500, path_prefix="/v2/withdrawal/create")
    seen = {}

    async def main():
        async with async_client(sandbox, read_timeout=5) as c:

            async def pay_out():
                try:
                    await c.create_withdrawal(**WITHDRAWAL)
                except asyncio.CancelledError as e:
                    seen["withdrawal_id"] = e.withdrawal_id
                    raise

            task = asyncio.ensure_future(pay_out())
            await asyncio.sleep(0.3)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
        # Leaving `async with` waited for the request: the gateway has the withdrawal.
        withdrawal_id = seen["withdrawal_id"]
        sandbox.control("POST", f"/_sandbox/withdrawals/{withdrawal_id}/pay")
        async with async_client(sandbox) as c:
            return withdrawal_id, await c.get_postback(type="withdrawal", withdrawal_id=withdrawal_id)

    withdrawal_id, postback = asyncio.run(main())
    assert withdrawal_id.startswith("sdk-") and len(withdrawal_id) == 36
    [made] = sandbox.control("GET", "/_sandbox/state")["withdrawals"]
    assert made["withdrawal_id"] == withdrawal_id and made["create_requests"] == 1
    assert withdrawal_id in str(postback)


def test_an_id_given_is_the_id_sent(sandbox):
    async def main():
        async with async_client(sandbox) as c:
            return await c.create_withdrawal(**dict(WITHDRAWAL, withdrawal_id="mine-1"))

    assert asyncio.run(main())["withdrawal_id"] == "mine-1"


def test_the_readme_async_example_runs_as_written(sandbox):
    import re
    from conftest import HERE

    readme = (HERE.parent / "README.md").read_text()
    [code] = [b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "asyncio.run(main())" in b]
    assert code.count('"http://127.0.0.1:8080"') == 1
    exec(compile(code.replace('"http://127.0.0.1:8080"', repr(sandbox.url)), "README.md", "exec"), {"__name__": "readme"})


def test_the_type_stub_declares_every_method_as_client_has_it():
    import ast
    from conftest import HERE

    stub = ast.parse((HERE.parent / "python" / "paykassma" / "aio.pyi").read_text())
    [cls] = [n for n in stub.body if isinstance(n, ast.ClassDef) and n.name == "AsyncClient"]
    declared = {f.name: f for f in cls.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for name, fn in inspect.getmembers(paykassma.Client, inspect.isfunction):
        if name.startswith("_"):
            continue
        stubbed = declared[name]
        assert isinstance(stubbed, ast.AsyncFunctionDef) is inspect.iscoroutinefunction(getattr(paykassma.AsyncClient, name)), name
        names = [a.arg for a in stubbed.args.args + stubbed.args.kwonlyargs]
        assert names == list(inspect.signature(fn).parameters), name
        returns = inspect.signature(fn).return_annotation
        assert ast.unparse(stubbed.returns).split(".")[-1] == getattr(returns, "__name__", str(returns)), name
    init = [a.arg for a in declared["__init__"].args.args + declared["__init__"].args.kwonlyargs]
    assert init == list(inspect.signature(paykassma.AsyncClient.__init__).parameters)
