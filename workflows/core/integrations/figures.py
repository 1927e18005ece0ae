"""The figures of the integrations page, its API and its command: per receiving system
the outbox's counts, the age of the oldest unsent message and the last error; per
inbound sender its last delivery, counts and rejects. A few grouped queries, whatever
the size of the outbox."""

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.core.models import InboundCall, OutboundMessage, OutboundTarget, User
from workflows.core.roles import Role

S = OutboundMessage.Status


def age_text(seconds: int | None) -> str:
    """An age as people read it (2天3小时, 15分钟): the two largest units."""
    if seconds is None:
        return "—"
    minutes = max(seconds // 60, 0)
    days, hours, minutes = minutes // 1440, minutes // 60 % 24, minutes % 60
    if days:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    if hours:
        return _("%(h)d h %(m)d min") % {"h": hours, "m": minutes}
    return _("%(m)d min") % {"m": minutes}


def can_view_integrations(user) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user.has_role(Role.SUPERVISOR)))


def _address(config: dict) -> str:
    """Where the channel delivers, without credentials: the HTTP host, or "file"."""
    if config.get("channel") != "http":
        return str(config.get("channel", "file"))
    parts = urlsplit(config.get("url", ""))
    return f"{parts.scheme}://{parts.hostname or ''}{parts.path}"


def outbound_figures(now: datetime | None = None) -> list[dict]:
    now = now or timezone.now()
    counts = {
        row["target"]: row
        for row in OutboundMessage.objects.values("target").annotate(
            queued=Count("pk", filter=Q(status=S.PENDING)),
            failing=Count("pk", filter=Q(status=S.PENDING, attempts__gt=0)),
            sent=Count("pk", filter=Q(status=S.SENT)),
            dead=Count("pk", filter=Q(status=S.DEAD)),
            oldest_unsent=Min("created_at", filter=Q(status=S.PENDING)),
            last_sent=Max("sent_at"),
        )
    }
    unsent = OutboundMessage.objects.exclude(last_error="").exclude(status=S.SENT)
    last_errors = {
        code: unsent.filter(target=code)
        .order_by("-last_attempt_at", "-pk")
        .values("last_error", "last_attempt_at")
        .first()
        or {}
        for code in counts
    }
    paused = {row.code: row for row in OutboundTarget.objects.select_related("paused_by")}
    rows = []
    for code, label in OutboundMessage.Target.choices:
        row = counts.get(code, {})
        oldest = row.get("oldest_unsent")
        error = last_errors.get(code, {})
        target = paused.get(code)
        rows.append({
            "target": code,
            "name": str(label),
            "channel": settings.OUTBOUND_TARGETS.get(code, {}).get("channel", "file"),
            "address": _address(settings.OUTBOUND_TARGETS.get(code, {})),
            "paused": bool(target and target.paused),
            "pause_reason": target.pause_reason if target and target.paused else "",
            "paused_by": str(target.paused_by) if target and target.paused_by else "",
            "queued": row.get("queued", 0),
            "failing": row.get("failing", 0),
            "sent": row.get("sent", 0),
            "dead": row.get("dead", 0),
            "oldest_unsent_seconds": int((now - oldest).total_seconds()) if oldest else None,
            "last_sent_at": row.get("last_sent"),
            "last_error": error.get("last_error", ""),
            "last_error_at": error.get("last_attempt_at"),
        })  # fmt: skip
    return rows


def inbound_figures() -> list[dict]:
    grouped = (
        InboundCall.objects.values("kind", "channel", "client")
        .annotate(
            last_call_at=Max("received_at"),
            calls=Count("pk"),
            rows=Sum("rows"),
            accepted=Sum("accepted"),
            rejected=Sum("rejected"),
        )
        .order_by("kind", "channel", "client")
    )
    clients = User.objects.in_bulk([row["client"] for row in grouped if row["client"]])
    kinds, channels = dict(InboundCall.Kind.choices), dict(InboundCall.Channel.choices)
    rows = []
    for row in grouped:
        client = clients.get(row["client"])
        rows.append({
            "kind": row["kind"],
            "kind_name": str(kinds[row["kind"]]),
            "channel": row["channel"],
            "channel_name": str(channels[row["channel"]]),
            "client": client.username if client else "",
            "client_name": (client.get_full_name() or client.username) if client else "",
            "last_call_at": row["last_call_at"],
            "calls": row["calls"],
            "rows": row["rows"] or 0,
            "accepted": row["accepted"] or 0,
            "rejected": row["rejected"] or 0,
        })  # fmt: skip
    return rows


def dead_letters(limit: int = 50) -> list[OutboundMessage]:
    return list(
        OutboundMessage.objects.filter(status=S.DEAD)
        .select_related("case")
        .order_by("-last_attempt_at", "-pk")[:limit]
    )


def integrations_summary(now: datetime | None = None) -> dict:
    now = now or timezone.now()
    return {"as_of": now, "outbound": outbound_figures(now), "inbound": inbound_figures()}
