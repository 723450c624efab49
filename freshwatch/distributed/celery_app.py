"""The Celery application both sides share: the coordinator sends tasks with it, workers run them.

Delivery is at least once and the effects exactly once: a task is acknowledged only after its
sites are written (``acks_late``), a worker that dies mid-task gives it back (``reject_on_worker_lost``),
one task is reserved per worker process at a time (``prefetch 1``), queues are durable and
messages persistent (Celery's defaults), so a broker restart keeps them.  The writes themselves are
made idempotent by ``storage.record_site_once``.  Results travel through the database, not a
result backend.  Celery is imported here and only here, so a local crawl never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from freshwatch.config.models import ExecutorSettings

if TYPE_CHECKING:
    from celery import Celery

TASK = "freshwatch.crawl_group"


def make_celery(settings: ExecutorSettings) -> Celery:
    from celery import Celery

    app = Celery("freshwatch", broker=settings.broker, set_as_current=False)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=settings.queue,
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        result_backend=None,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,  # a worker waits for a restarting broker, however long
        broker_transport_options={"visibility_timeout": settings.redelivery_after},
        worker_hijack_root_logger=False,
        worker_send_task_events=False,
        task_send_sent_event=False,
    )
    return app


__all__ = ["TASK", "make_celery"]
