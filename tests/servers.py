"""Real processes for the server and fault tests: a Chroma server and the CLI.

Everything binds to 127.0.0.1 on a free port, logs to a file (a full pipe would stall a server)
and is stopped by its own pid.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from core.settings import PROJECT_ROOT, Settings
from tests.ui_server import free_port

BIN = Path(sys.executable).parent
QUIET_ENV = {
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "NO_PROXY": "127.0.0.1,localhost",
}
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float) -> float:
    """Seconds until url answers; raises when the process dies first or time runs out."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"{Path(proc.args[0]).name} exited with {proc.returncode} before {url} answered")
        try:
            with _DIRECT.open(url, timeout=2):
                return time.monotonic() - started
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing answered at {url} within {timeout:.0f} s")


def stop_process(proc: subprocess.Popen | None, timeout: float = 15.0) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGCONT)  # a paused process cannot act on SIGTERM
    proc.terminate()
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def kqa_env(settings: Settings) -> dict[str, str]:
    """The environment a user would set for this Settings object."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KQA_")}
    env.update(QUIET_ENV, KQA_DATA_DIR=str(settings.data_dir), KQA_CORPUS_DIR=str(settings.corpus_dir))
    if settings.chroma_url:
        env["KQA_CHROMA_URL"] = settings.chroma_url
    return env


def cli(settings: Settings, *args: str, stdin: str | bytes | None = None, timeout: float = 600):
    """Run `kratom-qa ARGS` to completion as a user would; bytes on stdin give bytes back."""
    return subprocess.run(
        [str(BIN / "kratom-qa"), *args],
        input=stdin,
        capture_output=True,
        text=not isinstance(stdin, bytes),
        env=kqa_env(settings),
        timeout=timeout,
        cwd=PROJECT_ROOT,
    )


def cli_background(settings: Settings, log: Path, *args: str) -> subprocess.Popen:
    """Start `kratom-qa ARGS` with stdout and stderr going to LOG."""
    with log.open("wb") as handle:
        return subprocess.Popen(
            [str(BIN / "kratom-qa"), *args],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=kqa_env(settings),
            cwd=PROJECT_ROOT,
        )


@dataclass
class ChromaServer:
    """`chroma run` on loopback; stop() and start() again keep its port and its data."""

    path: Path
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90.0) -> ChromaServer:
        self.path.mkdir(parents=True, exist_ok=True)
        with (self.path.parent / f"chroma-{self.port}.log").open("ab") as log:
            self.proc = subprocess.Popen(
                [str(BIN / "chroma"), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, **QUIET_ENV},
            )
        wait_until_up(f"{self.url}/api/v2/heartbeat", self.proc, timeout)
        return self

    def stop(self) -> None:
        stop_process(self.proc)

    def pause(self) -> None:
        """SIGSTOP: the port stays open but nothing answers, like a hung host."""
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.proc.send_signal(signal.SIGCONT)
