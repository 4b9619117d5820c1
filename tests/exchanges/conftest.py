import uuid

import pytest
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


@pytest.fixture
def broker(request):
    """Point this process's Celery at a real broker (not eager) on a queue of the test's own.
    ``broker.start_worker()`` starts a worker on the same broker, queue and test database."""

    class Broker:
        def __init__(self) -> None:
            self.queue = f"test-{uuid.uuid4().hex[:8]}"
            self.url = "redis://127.0.0.1:6379/14"
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
