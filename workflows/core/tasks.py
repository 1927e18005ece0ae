import os
import socket

from celery import shared_task


@shared_task
def ping(payload: str) -> dict:
    """Echo from a worker: proves a task crossed the broker and ran in a worker process."""
    return {"payload": payload, "pid": os.getpid(), "host": socket.gethostname()}


@shared_task
def refresh_deadlines() -> int:
    """Beat job: advance open deadlines to due soon / overdue as working days pass."""
    from workflows.core.services.deadlines import deadlines_refresh

    return deadlines_refresh()


@shared_task
def fire_workflow_timers() -> int:
    """Beat job: viewflow's dispatcher for database timers and conditional catches."""
    from viewflow.workflow.timers import fire_due_conditions, fire_due_timers

    return fire_due_timers() + fire_due_conditions()


@shared_task
def escalate_deadlines() -> int:
    """Beat job: bring deadline statuses up to date, then send the reminders and
    escalations that are due (each once); return how many fired."""
    from workflows.core.services.deadlines import deadlines_refresh
    from workflows.core.sla.escalation import deadlines_escalate

    deadlines_refresh()
    return deadlines_escalate()


@shared_task
def generate_weekly_sla_reports() -> int:
    """Beat job (Mondays): last week's SLA report of every bureau, PDF and XLSX."""
    from workflows.core.sla.reports import sla_reports_generate_week

    return sla_reports_generate_week()


# Delivery and rendering tasks: retried with exponential backoff (random waits of up to
# 1, 2 and 4 s) 3 times at most; each is idempotent, so a retry or a duplicate delivery
# (acks_late) does no harm.
_RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 3}


@shared_task(bind=True, **_RETRY)
def render_document(self, document_id: int) -> str:
    """Render a case document to PDF and store it with its SHA-256 (once). Only the
    last of the quick retries counts as a failed rendering for the sweep's backoff."""
    from workflows.core.services.documents import document_render

    last = self.request.retries >= self.max_retries
    return document_render(document_id, counted=last).status


@shared_task(**_RETRY)
def send_notification_email(notification_id: int) -> bool:
    """E-mail a notification to its recipient (once); False when there is nothing to send."""
    from workflows.core.services.notifications import notification_send_email

    return notification_send_email(notification_id=notification_id)


@shared_task(**_RETRY)
def send_notification_sms(notification_id: int) -> bool:
    """Text a notification to its recipient's phone (once) through settings.SMS_BACKEND."""
    from workflows.core.services.notifications import notification_send_sms

    return notification_send_sms(notification_id=notification_id)


@shared_task
def deliver_outbound_message(message_id: int) -> str:
    """One attempt to deliver an outbound message; a failed one queues the next after
    its backoff (``next_attempt_at``), which the sweep also honours if this is lost."""
    from django.utils import timezone

    from workflows.core.models import OutboundMessage
    from workflows.core.services.outbound import outbound_deliver

    status = outbound_deliver(message_id)
    if status == OutboundMessage.Status.PENDING:
        due = OutboundMessage.objects.values_list("next_attempt_at", flat=True).get(pk=message_id)
        wait = max((due - timezone.now()).total_seconds(), 0) if due else 0
        deliver_outbound_message.apply_async((message_id,), countdown=wait)
    return status


@shared_task
def sweep_pending_documents(older_than_seconds: int = 60) -> int:
    """Beat job: queue the rendering of documents still pending a while after their issue
    (the broker was down when they were issued, or the queued task was lost with Redis),
    and of failed ones whose next attempt is due (backoff up to DOCUMENT_RETRY_MAX_SECONDS)."""
    from workflows.core.services.documents import document_due_ids

    pending = document_due_ids(older_than_seconds)
    for document_id in pending:
        render_document.delay(document_id)
    return len(pending)


@shared_task
def sweep_unsent_notifications() -> int:
    """Beat job: queue the e-mails and texts of notifications made while the broker was
    down (their after-commit task could not be queued); sending is idempotent."""
    from workflows.core.services.notifications import notifications_unsent

    emails, texts = notifications_unsent()
    for notification_id in emails:
        send_notification_email.delay(notification_id)
    for notification_id in texts:
        send_notification_sms.delay(notification_id)
    return len(emails) + len(texts)


@shared_task
def sweep_outbound_messages() -> int:
    """Beat job: queue every message whose attempt is due (its queued task was lost with
    a worker or the broker), except to paused targets."""
    from workflows.core.services.outbound import outbound_due_ids

    pending = outbound_due_ids()
    for message_id in pending:
        deliver_outbound_message.delay(message_id)
    return len(pending)


@shared_task
def end_credit_records() -> int:
    """Beat job (daily): penalty and false-pledge records whose publicity period is
    over end, and the systems that published them are told."""
    from workflows.core.services.credit_record_ends import credit_records_end

    return credit_records_end()
