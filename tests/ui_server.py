"""Run `python app.py` as a subprocess on a free loopback port, for the API and browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from core.settings import PROJECT_ROOT, Settings

START_TIMEOUT = 420.0  # a cold start trains the guardrail classifier once; slow on a busy 2-core machine


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    feedback_path: Path
    log_path: Path

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(settings: Settings, port: int, feedback: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KQA_")}
    env.update(
        KQA_DATA_DIR=str(settings.data_dir),
        KQA_CORPUS_DIR=str(settings.corpus_dir),
        KQA_HOST="127.0.0.1",
        KQA_PORT=str(port),
        KQA_FEEDBACK_PATH=str(feedback),
        GRADIO_ANALYTICS_ENABLED="False",
        HF_HUB_DISABLE_TELEMETRY="1",
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
        PYTHONUNBUFFERED="1",
        NO_PROXY="127.0.0.1,localhost",
    )
    return env


def _wait_ready(url: str, proc: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app.py exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as reply:  # the app, or its login page
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1.0)
    raise RuntimeError(f"app.py did not answer within {START_TIMEOUT:.0f}s:\n{log_path.read_text()[-3000:]}")


@contextmanager
def serve(settings: Settings, workdir: Path, **extra_env: str) -> Iterator[Server]:
    """Start the app on the given data, wait until it serves, and stop it by pid afterwards."""
    port = free_port()
    feedback, log_path = workdir / "feedback.sqlite3", workdir / "app.log"
    env = {**_environment(settings, port, feedback), **extra_env}
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, str(PROJECT_ROOT / "app.py")],
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_ready(url, proc, log_path)
        yield Server(url, proc.pid, feedback, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)
