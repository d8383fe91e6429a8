"""The e-mail outbox: one row per message, sent once whatever runs the task."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from clavepatronal.notifications.constants import OutboxStatus
from clavepatronal.notifications.models import OutboxEmail
from clavepatronal.notifications.services import (
    Attachment,
    email_deliver,
    email_outbox_recover,
    email_send,
    task_stale_requeue,
)

pytestmark = pytest.mark.django_db


def _send(**extra) -> OutboxEmail | None:
    return email_send(
        to="persona@example.ec",
        subject="Prueba",
        template_name="verification_code",
        context={"code": "123456", "minutes": 10, "purpose_label": "Turno"},
        **extra,
    )


def test_send_writes_the_outbox_and_the_task_mails_it_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox = _send(
            attachments=[Attachment("a.pdf", b"%PDF-1.7 x", "application/pdf")]
        )
        assert mail.outbox == []
    outbox.refresh_from_db()
    assert outbox.status == OutboxStatus.ENVIADO
    assert outbox.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.attachments == [("a.pdf", b"%PDF-1.7 x", "application/pdf")]
    assert message.extra_headers["Message-ID"].startswith(f"<outbox-{outbox.pk}.")


def test_a_rolled_back_transaction_leaves_no_row_and_no_mail(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                _send()
                raise RuntimeError
    assert not OutboxEmail.objects.exists()
    assert mail.outbox == []


def test_delivering_twice_sends_once():
    outbox = _send()
    assert email_deliver(outbox_id=outbox.pk) is True
    assert email_deliver(outbox_id=outbox.pk) is False
    assert len(mail.outbox) == 1


def test_a_row_held_by_a_live_sender_is_not_taken(settings):
    outbox = _send()
    OutboxEmail.objects.filter(pk=outbox.pk).update(
        status=OutboxStatus.ENVIANDO, claimed_at=timezone.now()
    )
    assert email_deliver(outbox_id=outbox.pk) is False
    assert email_outbox_recover() == 0
    assert mail.outbox == []


def test_a_row_whose_sender_died_is_sent_again_once_after_the_lease(
    settings, django_capture_on_commit_callbacks
):
    outbox = _send()
    died_at = timezone.now() - datetime.timedelta(
        seconds=settings.OUTBOX_LEASE_SECONDS + 1
    )
    OutboxEmail.objects.filter(pk=outbox.pk).update(
        status=OutboxStatus.ENVIANDO, claimed_at=died_at, attempts=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert email_outbox_recover() == 1
    assert len(mail.outbox) == 1
    outbox.refresh_from_db()
    assert (outbox.status, outbox.attempts) == (OutboxStatus.ENVIADO, 2)
    assert email_outbox_recover() == 0


def test_a_failed_send_goes_back_to_pending_and_is_retried(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    outbox = _send()
    with pytest.raises(OSError):
        email_deliver(outbox_id=outbox.pk)
    outbox.refresh_from_db()
    assert outbox.status == OutboxStatus.PENDIENTE
    assert outbox.last_error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = timezone.now() + datetime.timedelta(
        seconds=settings.OUTBOX_LEASE_SECONDS + 1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert email_outbox_recover(now=later) == 1
    assert len(mail.outbox) == 1


def test_the_same_key_writes_one_row():
    first = _send(key="turno-confirmacion-abc")
    assert _send(key="turno-confirmacion-abc") is None
    assert list(OutboxEmail.objects.values_list("pk", flat=True)) == [first.pk]


def test_a_task_left_running_by_a_dead_worker_goes_back_to_the_queue(settings):
    def row(started_at):
        return DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {"outbox_id": 1}},
            task_path="clavepatronal.notifications.tasks.email_deliver_task",
            backend_name="default",
            run_after=timezone.now(),
            status=TaskResultStatus.RUNNING,
            started_at=started_at,
        )

    lease = datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS + 1)
    dead = row(timezone.now() - lease)
    alive = row(timezone.now())
    assert task_stale_requeue() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == TaskResultStatus.READY
    assert alive.status == TaskResultStatus.RUNNING


def test_with_the_database_backend_the_task_row_shares_the_transaction(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            _send()
            assert DBTaskResult.objects.count() == 1  # enqueued at once, uncommitted
            raise RuntimeError
    assert not DBTaskResult.objects.exists()
    assert not OutboxEmail.objects.exists()
    outbox = _send()
    (task,) = DBTaskResult.objects.all()
    assert task.status == TaskResultStatus.READY
    assert task.args_kwargs["kwargs"] == {"outbox_id": outbox.pk}
    assert mail.outbox == []  # the worker sends it, not the request


def test_a_blank_address_writes_nothing_and_raises_nothing():
    """A person booked at the counter or by phone may have no e-mail: every
    notice to them (a cancellation, «No fui yo») is skipped, never a 500."""
    for blank in ("", "   "):
        assert (
            email_send(
                to=blank,
                subject="Prueba",
                template_name="verification_code",
                context={"code": "123456", "minutes": 10, "purpose_label": "Turno"},
            )
            is None
        )
    assert not OutboxEmail.objects.exists()
