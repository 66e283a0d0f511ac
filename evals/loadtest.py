"""Load test: N concurrent conversations over HTTP against the app's /chat API, on loopback only.

`make loadtest` (python -m evals.loadtest) starts `app.py` on a free 127.0.0.1 port with the
configured data dir, warms it up, then runs each concurrency level for a bounded number of
requests and seconds. Every simulated user is an asyncio task on one aiohttp session (a light
client: gradio_client spent about 190 ms of CPU per request on the same cores and measured itself),
holds a new server session per conversation, asks its turns with a think time between them, and
records each request's latency. Printed: throughput, p50/p95/p99, errors and the app's peak RSS, as a Markdown table.
Not part of `make test`: it measures, it does not gate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from core.settings import PROJECT_ROOT, Settings, apply_privacy_environment

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
REPORTS = PROJECT_ROOT / "evals" / "reports"
FAILED_REPLY = "Search is unavailable"  # the app answered, but without its index: an error here
# Conversations as people hold them: a question, then follow-ups that lean on the session history.
CONVERSATIONS = [
    ["Is there evidence that kratom helps chronic pain?", "What were the limitations of those studies?"],
    ["Can kratom cause liver injury?", "How long did people take to recover?"],
    ["What happens when people stop using kratom?", "How is that withdrawal treated?"],
    ["how many grams of kratom should I take for my back pain", "ok, just roughly then?"],
    ["Is kratom legal in Thailand?", "and in the United States?"],
    ["What has the FDA said about 7-OH products?", "Have there been deaths linked to kratom?"],
    ["Does kratom interact with other medicines?", "What about alcohol?"],
    ["What is the capital of Peru?"],
]


@dataclass
class Level:
    """One concurrency level's measurements."""

    users: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    peak_rss_mb: float = 0.0
    app_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    load_before: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, seconds: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors[error] += 1
            else:
                self.latencies.append(seconds)

    def row(self) -> dict:
        done = sorted(self.latencies)
        return {
            "users": self.users,
            "requests": len(done) + sum(self.errors.values()),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "seconds": round(self.seconds, 1),
            "throughput_rps": round(len(done) / self.seconds, 2) if self.seconds else 0.0,
            **{f"p{q}_s": round(_percentile(done, q), 2) for q in (50, 95, 99)},
            "peak_rss_mb": round(self.peak_rss_mb),
            "load_avg_1m_before": round(self.load_before, 2),
            "app_cpu_ms_per_request": round(1000 * self.app_cpu_s / len(done)) if done else 0,
            "client_cpu_ms_per_request": round(1000 * self.client_cpu_s / len(done)) if done else 0,
        }


def _percentile(ordered: list[float], q: int) -> float:
    """Nearest-rank percentile of an ascending list (0 when empty)."""
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, max(0, -(-q * len(ordered) // 100) - 1))]


class AppSampler(threading.Thread):
    """Peak resident memory and CPU seconds of the app (and its children) while a level runs."""

    def __init__(self, pid: int | None, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.cpu = pid, every, 0, 0.0
        self._done = threading.Event()

    def _procs(self):
        import psutil

        proc = psutil.Process(self.pid)
        return [proc, *proc.children(recursive=True)]

    def _cpu(self) -> float:
        return sum(sum(p.cpu_times()[:2]) for p in self._procs())

    def run(self) -> None:
        import psutil

        if self.pid is None:
            return
        started = self._cpu()
        while not self._done.wait(self.every):
            try:
                self.peak = max(self.peak, sum(p.memory_info().rss for p in self._procs()))
                self.cpu = self._cpu() - started
            except psutil.Error:
                return

    def stop(self) -> tuple[float, float]:
        """(peak RSS in MB, CPU seconds used)."""
        self._done.set()
        self.join()
        return self.peak / 2**20, self.cpu


class Budget:
    """How many requests a level may still send, and until when."""

    def __init__(self, requests: int, seconds: float) -> None:
        self.left, self.deadline, self._lock = requests, time.monotonic() + seconds, threading.Lock()

    def take(self) -> bool:
        with self._lock:
            if self.left <= 0 or time.monotonic() >= self.deadline:
                return False
            self.left -= 1
            return True


API = "gradio_api/call/chat"  # the app's public /chat endpoint over plain HTTP (POST, then an event stream)


async def ask_http(session, url: str, session_id: str, question: str) -> str | None:
    """One turn through /chat. None when the reply is a real answer; otherwise what went wrong, in short."""
    import aiohttp

    try:
        async with session.post(url + API, json={"data": [question], "session_hash": session_id}) as resp:
            if resp.status != 200:
                return f"HTTP {resp.status}"
            event_id = (await resp.json())["event_id"]
        async with session.get(f"{url}{API}/{event_id}") as resp:
            event, data = "", None
            async for raw in resp.content:
                line = raw.decode("utf-8").strip()
                if line.startswith("event:"):
                    event = line.removeprefix("event:").strip()
                elif line.startswith("data:") and event in ("complete", "error"):
                    data = json.loads(line.removeprefix("data:"))
                    break
    except (aiohttp.ClientError, TimeoutError, ValueError, KeyError) as exc:
        return type(exc).__name__
    if event != "complete":
        return f"{event or 'no'} event"
    reply = data[0] if isinstance(data, list) and data else None
    if not isinstance(reply, str) or not reply.strip():
        return "empty reply"
    return "unavailable reply" if reply.startswith(FAILED_REPLY) else None


def _session(users: int):
    import aiohttp

    # One connection per user at most, no proxy from the environment: loopback only.
    connector = aiohttp.TCPConnector(limit=users + 4)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120), trust_env=False)


async def _user(session, url: str, level: Level, budget: Budget, think: float, seed: int) -> None:
    """One person: conversation after conversation, each in a new session, until the budget ends."""
    rng = random.Random(seed)
    while True:
        session_id = uuid.uuid4().hex  # a new session: the server-side history starts empty
        for question in rng.choice(CONVERSATIONS):
            if not budget.take():
                return
            started = time.perf_counter()
            error = await ask_http(session, url, session_id, question)
            level.record(time.perf_counter() - started, error)
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think)


async def _run_users(url: str, level: Level, budget: Budget, think: float) -> None:
    async with _session(level.users) as session:
        await asyncio.gather(*(_user(session, url, level, budget, think, i) for i in range(level.users)))


def run_level(url: str, pid: int | None, users: int, per_user: int, think: float, max_seconds: float) -> Level:
    level = Level(users=users, load_before=os.getloadavg()[0])
    budget = Budget(users * per_user, max_seconds)
    sampler = AppSampler(pid)
    sampler.start()
    started, client_cpu = time.monotonic(), time.process_time()
    asyncio.run(asyncio.wait_for(_run_users(url, level, budget, think), max_seconds + 120))
    level.seconds, level.client_cpu_s = time.monotonic() - started, time.process_time() - client_cpu
    level.peak_rss_mb, level.app_cpu_s = sampler.stop()
    return level


async def _burst(url: str, n: int) -> list[tuple[int, str]]:
    """n turns submitted at once, without waiting for answers: (status, detail) of each submission."""
    async with _session(n) as session:

        async def submit(i: int) -> tuple[int, str]:
            body = {"data": ["Can kratom cause liver injury?"], "session_hash": f"burst-{i}"}
            async with session.post(url + API, json=body) as resp:
                detail = (await resp.json(content_type=None) or {}).get("detail", "")
                return resp.status, str(detail)

        return await asyncio.gather(*(submit(i) for i in range(n)))


def queue_full(url: str, n: int = 200) -> dict:
    """What a person sees when more turns arrive at once than the queue holds: status and message."""
    results = asyncio.run(_burst(url, n))
    rejected = [(status, detail) for status, detail in results if status != 200]
    statuses = Counter(status for status, _ in rejected)
    return {
        "submitted": n,
        "accepted": n - len(rejected),
        "rejected": len(rejected),
        "rejected_status": dict(statuses),
        "message": rejected[0][1] if rejected else "",
    }


def warm_up(url: str) -> str | None:
    """One turn before timing starts (it loads the index); what went wrong, or None."""

    async def once() -> str | None:
        async with _session(1) as session:
            return await ask_http(session, url, uuid.uuid4().hex, "Can kratom cause liver injury?")

    return asyncio.run(once())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_app(settings: Settings, log: Path, timeout: float = 900.0) -> tuple[subprocess.Popen, str]:
    """`python app.py` on a free loopback port; returns once it serves its page."""
    port = _free_port()
    env = {**os.environ, "KQA_DATA_DIR": str(settings.data_dir), "NO_PROXY": "127.0.0.1,localhost"}
    with log.open("wb") as handle:
        proc = subprocess.Popen(
            [sys.executable, str(PROJECT_ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=PROJECT_ROOT,
        )
    url, opener = f"http://127.0.0.1:{port}/", urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"app.py exited with {proc.returncode}; see {log}")
        try:
            with opener.open(url, timeout=5):
                return proc, url
        except OSError:
            time.sleep(0.1)  # fine enough to time how soon the page is served (`make bench`)
    proc.kill()
    raise SystemExit(f"app.py did not serve within {timeout:.0f} s; see {log}")


def markdown(rows: list[dict], think: float) -> str:
    lines = [
        "| users | requests | errors | throughput (req/s) | p50 (s) | p95 (s) | p99 (s) | peak RSS (MB) "
        "| app CPU per request (ms) | load avg before |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['users']} | {r['requests']} | {r['errors']} | {r['throughput_rps']:.2f} | {r['p50_s']:.2f} | "
            f"{r['p95_s']:.2f} | {r['p99_s']:.2f} | {r['peak_rss_mb']} | {r['app_cpu_ms_per_request']} | "
            f"{r['load_avg_1m_before']:.2f} |"
        )
    note = (
        f"Think time {think:g} s (0.5x-1.5x) between turns; {os.cpu_count()} CPUs; load generator on the same machine."
    )
    return "\n".join(lines + ["", note])


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m evals.loadtest", description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[10, 25, 50], help="concurrency levels")
    parser.add_argument("--per-user", type=int, default=4, help="requests each user sends per level")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between a user's turns")
    parser.add_argument("--max-seconds", type=float, default=300.0, help="time limit per level")
    parser.add_argument("--url", help="an app already running on loopback (default: start one)")
    parser.add_argument("--pid", type=int, help="with --url: the app's pid, for its peak RSS")
    return parser


def _loopback(url: str) -> str:
    if urlparse(url).hostname not in LOOPBACK:
        raise SystemExit(f"the load test only drives an app on this machine (127.0.0.1), not {url}")
    return url if url.endswith("/") else url + "/"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings()
    apply_privacy_environment(settings)
    REPORTS.mkdir(parents=True, exist_ok=True)
    proc = None
    if args.url:
        url, pid = _loopback(args.url), args.pid
    else:
        proc, url = start_app(settings, REPORTS / "loadtest-app.log")
        pid = proc.pid
    try:
        warm = warm_up(url)  # loads the index before timing starts
        if warm:
            raise SystemExit(f"the app does not answer ({warm}); is the index built? run `make ingest`")
        rows = []
        for users in args.users:
            rows.append(run_level(url, pid, users, args.per_user, args.think, args.max_seconds).row())
            print(json.dumps(rows[-1]), flush=True)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
    out = REPORTS / f"loadtest-{datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps({"think_s": args.think, "per_user": args.per_user, "levels": rows}, indent=2))
    print(markdown(rows, args.think))
    print(f"\nwritten {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
