import os
import uuid
from urllib.parse import urlparse

import pytest
import redis
from django.db import connection

from cooperation_portal.celery import app as celery_app
from tests.services import RedisServer, SmtpSink, Worker


@pytest.fixture
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def own_redis():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def reference_data(transactional_db):
    from tests.reference_data import ensure_reference_data

    ensure_reference_data()


def _reset_producers() -> None:
    """Forget pooled broker connections, so the next publish connects to the new broker."""
    from kombu import pools

    pools.reset()  # closes the pools and empties kombu's registry of them
    # Private caches of Celery's, which its stubs rightly do not declare.
    celery_app._pool = None  # type: ignore[attr-defined]
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]


def broker_url() -> str:
    """The broker of the worker tests: the server of ``REDIS_URL``, on the database number just
    below the cache's (14 when the cache is 15), so that flushing the cache leaves it alone."""
    parsed = urlparse(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"))
    cache_db = int((parsed.path or "/0").lstrip("/") or 0)
    return parsed._replace(path=f"/{(cache_db - 1) % 16}").geturl()


def _forget_queue(url: str, queue: str) -> None:
    """Remove what kombu kept in Redis for the test's queue (its list, its binding and its
    unacknowledged messages), leaving other queues of the same database alone."""
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.delete(queue, f"_kombu.binding.{queue}")
        for tag, payload in client.hgetall("unacked").items():
            if queue.encode() in payload:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
    except redis.RedisError:
        pass  # the test stopped its broker: nothing is left on it
    finally:
        client.close()


@pytest.fixture
def broker(request):
    """Point this process's Celery at a real broker (not eager) on a queue of the test's own.
    ``broker.start_worker()`` starts a worker on the same broker, queue and test database."""

    class Broker:
        def __init__(self) -> None:
            self.queue = f"test-{uuid.uuid4().hex[:8]}"
            self.url = broker_url()
            self.workers: list[Worker] = []

        def use(self, url: str) -> None:
            self.url = url
            celery_app.conf["broker_url"] = url  # the attribute is a read-only property
            celery_app.conf.task_always_eager = False
            celery_app.conf.task_default_queue = self.queue
            _reset_producers()

        def start_worker(self, smtp: SmtpSink, concurrency: int = 2) -> Worker:
            settings = connection.settings_dict
            database = (
                f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
                f"/{settings['NAME']}"
            )
            worker = Worker(
                broker=self.url,
                smtp=smtp.url,
                database=database,
                queue=self.queue,
                concurrency=concurrency,
            ).start()
            self.workers.append(worker)
            return worker

    saved = {
        key: celery_app.conf[key]
        for key in ("broker_url", "task_always_eager", "task_default_queue")
    }
    handle = Broker()
    handle.use(handle.url)
    yield handle
    for worker in handle.workers:
        worker.stop()
    celery_app.conf.update(saved)
    _reset_producers()
    _forget_queue(handle.url, handle.queue)
