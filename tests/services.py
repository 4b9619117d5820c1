"""Real services that tests start and stop themselves: an SMTP sink (aiosmtpd), a Redis server
on a port of its own, and Celery workers in their own process groups."""

from __future__ import annotations

import asyncio
import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from email.message import Message
from pathlib import Path

import redis
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.05, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class _Handler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.sink.lock:
            self.sink.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # While the sink holds, a client is kept waiting here, before its message is sent:
        # killing its worker now loses nothing that was accepted.
        if self.sink.holding.is_set():
            with self.sink.lock:
                self.sink.held += 1
            while self.sink.holding.is_set():
                await asyncio.sleep(0.02)
        with self.sink.lock:
            refuse = address in self.sink.refuse_once
            self.sink.refuse_once.discard(address)
        if refuse:
            return "451 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.sink.lock:
            self.sink.messages.append(message)
            after_accept, self.sink.after_accept = self.sink.after_accept, None
        if after_accept is not None:
            # Runs once, ``delay`` seconds after the 250 below has gone to the client.
            delay, callback = after_accept
            asyncio.get_running_loop().call_later(delay, callback)
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):
        # A slow goodbye keeps the client between the acceptance and the end of its session.
        if self.sink.quit_delay:
            await asyncio.sleep(self.sink.quit_delay)
        return "221 Bye"


class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps every message it accepts."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        self.holding = threading.Event()
        self.held = 0
        #: ``(delay, callback)``: call ``callback`` this long after accepting the next message.
        self.after_accept: tuple[float, Callable[[], object]] | None = None
        #: Seconds to wait before answering QUIT.
        self.quit_delay = 0.0
        #: SMTP sessions opened so far (one EHLO each).
        self.sessions = 0
        #: Addresses refused once with a temporary error (451), then accepted.
        self.refuse_once: set[str] = set()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.holding.clear()
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def received(self) -> list[Message]:
        with self.lock:
            return list(self.messages)

    def to(self, address: str) -> list[Message]:
        return [m for m in self.received() if m["To"] == address]


class RedisServer:
    """A redis-server of the test's own, on its own port, that the test can stop and start."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        # Command lines keep each flag beside its value (left unformatted).
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--daemonize", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self._answers, timeout=10, what="redis-server")
        return self

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_connect_timeout=1)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        wait_for(lambda: not self._answers(), timeout=10, what="redis-server to stop")


class Worker:
    """``celery worker`` in its own process group (so SIGKILL reaches its pool processes too),
    on the portal's production settings, the test database, a broker and an SMTP sink."""

    def __init__(self, *, broker: str, smtp: str, database: str, queue: str, concurrency: int):
        (ROOT / "test-artifacts").mkdir(exist_ok=True)
        self.log = ROOT / "test-artifacts" / f"celery-worker-{uuid.uuid4().hex[:8]}.log"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "cooperation_portal.settings.base",
            "DEBUG": "false",
            "SECRET_KEY": "worker-test-key-" + "w" * 40,
            "DATABASE_URL": database,
            "REDIS_URL": broker,
            "EMAIL_URL": smtp,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
        }
        # Each flag beside its value (left unformatted).
        self.args = [
            sys.executable, "-m", "celery", "-A", "cooperation_portal", "worker",
            "--loglevel=INFO", f"--concurrency={concurrency}", "--pool=prefork",
            "-Q", queue, "-n", f"test-{uuid.uuid4().hex[:8]}@%h", "--without-gossip",
            "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        self.handle = self.log.open("ab")
        self.process = subprocess.Popen(
            self.args,
            cwd=ROOT,
            env=self.env,
            stdout=self.handle,
            stderr=self.handle,
            start_new_session=True,
        )
        wait_for(
            lambda: b" ready." in self.log.read_bytes() or self.process.poll() is not None,
            timeout=60,
            what="the celery worker",
        )
        assert self.process.poll() is None, self.log.read_text()[-3000:]
        return self

    def kill(self) -> None:
        """SIGKILL the whole group: the main process and every pool process, mid-task."""
        self.kill_now()
        self.process.wait(timeout=10)

    def kill_now(self) -> None:
        """SIGKILL without waiting (safe to call from the SMTP sink's event loop)."""
        os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.handle.close()
