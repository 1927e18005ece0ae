"""Template filters of the core: ``{% load xinyong %}``."""

from django import template

from workflows.core.events import event_label as _event_label

register = template.Library()


@register.filter
def event_label(code: str) -> str:
    """The readable name of an audit event code (the code itself when it has none)."""
    return _event_label(code)


@register.simple_tag(takes_context=True)
def page_url(context, number: int) -> str:
    """``?…`` of the current request with ``page`` set to ``number``: every filter and
    sort of the list is kept when paging."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"


@register.filter
def entries(mapping) -> list:
    """``mapping.items()`` for a template loop: ``{% for k, v in d.items %}`` looks up a
    key "items" first, and audit data may well have one."""
    return list(mapping.items()) if isinstance(mapping, dict) else []


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """How many of the signed-in user's notifications are unread (the top bar's bell)."""
    from workflows.core.models import Notification

    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
