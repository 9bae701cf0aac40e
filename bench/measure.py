"""Measuring one page: the targets, a signed-in session, the in-process query count, wrk's throughput and
latency, the interleaved baseline/page pairs, and the result and check lines judged on them."""

import importlib
import pkgutil
import re
import statistics
import subprocess

from bench._common import MAX_QUERIES, PUBLIC_RATIO, SIGNED_IN_P99_MS, SIGNED_IN_RATIO


def collect_targets(only: set[str] | None):
    import bench.targets as package
    from bench.harness import Target

    targets: list[Target] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"bench.targets.{info.name}")
        targets.extend(module.targets())
    if only:
        targets = [t for t in targets if t.name in only]
    return targets


def session_cookie(username: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _client(cookie: str | None):
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1", **({"HTTP_COOKIE": cookie} if cookie else {}))


def count_queries(path: str, cookie: str | None, target=None) -> tuple[int, int]:
    """Status and SQL queries of a warm request, measured in-process against the same database.

    The content-area versions are re-read once a second per process, not per request: with the version
    memo fresh for the measurement, the count is the same whatever the machine's speed (on a loaded machine
    the warm-up alone could outlast the one-second memo and add a version read at random)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    client = _client(cookie)
    if target is not None and target.method != "GET":  # a device API: its method, headers and body
        headers = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in target.headers}

        def send(body: str):
            return client.generic(target.method, path, body, content_type="application/json", **headers)

        # Twice: the first request of a process also reads what later ones know (a device's scan learns the
        # list's rules), and each statement is prepared on first use; the count is of the steady state.
        for _ in range(2):
            send((target.warm_body or target.body).replace("{n}", "warm"))
        with CaptureQueriesContext(connection) as ctx:
            response = send(target.body.replace("{n}", "count"))
        return response.status_code, len(ctx.captured_queries)
    with override_settings(PAGECACHE_VERSION_TTL=3600):
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
    return response.status_code, len(ctx.captured_queries)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s)", text)
    return float(match.group(1)) * _UNITS[match.group(2)]


def run_wrk(args, port: int, path: str, cookie: str | None, duration: int | None = None, target=None) -> dict:
    command = [
        "wrk",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{duration or args.duration}s",
        "--latency",
        "-H",
        "Host: 127.0.0.1",
        "-H",  # as every browser and calendar app sends it (cached public pages are stored compressed too)
        "Accept-Encoding: gzip, deflate, br",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if target is not None and target.wrk_script:  # e.g. a POST with a new badge and nonce per request
        command += ["-s", target.wrk_script]
    command.append(f"http://127.0.0.1:{port}{path}")
    if target is not None and target.before_run is not None:
        target.before_run()
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", text).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", text).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors:.*?timeout (\d+)", text)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "errors": int(non2xx.group(1)) if non2xx else 0,
        "timeouts": int(errors.group(1)) if errors else 0,
    }


def interleaved(args, port: int, path: str, cookie: str | None, target=None) -> dict:
    """A B A B …: the baseline and the page alternate; one ratio per pair; the median decides."""
    run_wrk(args, port, path, cookie, duration=1, target=target)  # warm caches and connections
    pairs = []
    for _ in range(args.pairs):
        for _attempt in range(3):  # a stalled machine can give a second without one answer: measure again
            base = run_wrk(args, port, "/livez", None)
            if base["rps"] > 0:
                break
        page = run_wrk(args, port, path, cookie, target=target)
        pairs.append((base, page))
    pairs = [(b, p) for b, p in pairs if b["rps"] > 0] or [
        ({**pairs[0][0], "rps": float("nan")}, pairs[0][1])
    ]
    ratios = [page["rps"] / base["rps"] for base, page in pairs]
    return {
        "rps": statistics.median(p["rps"] for _b, p in pairs),
        "p50": statistics.median(p["p50"] for _b, p in pairs),
        "p99": statistics.median(p["p99"] for _b, p in pairs),
        "baseline": statistics.median(b["rps"] for b, _p in pairs),
        "ratio": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "errors": sum(p["errors"] for _b, p in pairs),
        "pairs": len(pairs),
    }


def page_line(name: str, scale: int, r: dict, queries: int | None, via: str = "") -> str:
    q = f" queries={queries}" if queries is not None else ""
    v = f" via={via}" if via else ""
    return (
        f"bench: {name} scale={scale}{v} rps={r['rps']:.0f} p50_ms={r['p50']:.1f} p99_ms={r['p99']:.1f}{q} "
        f"baseline_rps={r['baseline']:.0f} ratio={r['ratio']:.2f} ratio_min={r['ratio_min']:.2f} "
        f"ratio_max={r['ratio_max']:.2f} pairs={r['pairs']}"
    )


def check_line(label: str, kind: str, problems: list[str]) -> str:
    return f"bench-check: {label} ({kind}) {'ok' if not problems else 'MISSED: ' + '; '.join(problems)}"


def page_problems(target, r: dict, queries: int | None, *, public_floor: float = PUBLIC_RATIO) -> list[str]:
    problems = []
    if r["baseline"] != r["baseline"]:  # NaN: the trivial view never answered
        problems.append("no baseline could be measured")
    if r["errors"]:
        problems.append(f"{r['errors']} non-2xx responses")
    if queries is not None and queries > MAX_QUERIES:
        problems.append(f"queries {queries} > {MAX_QUERIES}")
    if target.min_ratio is not None or target.max_p99_ms is not None:  # the target's own aims (issue 13)
        if target.min_ratio is not None and r["ratio"] < target.min_ratio:
            problems.append(f"median ratio {r['ratio']:.2f} < {target.min_ratio}")
        if target.max_p99_ms is not None and r["p99"] > target.max_p99_ms:
            problems.append(f"p99 {r['p99']:.0f} ms > {target.max_p99_ms:.0f} ms")
        return problems
    if target.public and r["ratio"] < public_floor:
        problems.append(f"median ratio {r['ratio']:.2f} < {public_floor}")
    if not target.public and r["ratio"] < SIGNED_IN_RATIO:
        problems.append(f"median ratio {r['ratio']:.2f} < {SIGNED_IN_RATIO}")
    if not target.public and r["p99"] > SIGNED_IN_P99_MS:
        problems.append(f"p99 {r['p99']:.0f} ms > {SIGNED_IN_P99_MS:.0f} ms")
    return problems
