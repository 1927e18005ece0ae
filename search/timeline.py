"""The full history of a case, read from PostgreSQL (the truth), with its chain checked."""

from dataclasses import dataclass, field

from workflows.core.audit import GENESIS_HASH, hash_of
from workflows.core.models import AuditEvent, Case, User
from workflows.core.selectors import cases_visible_to


@dataclass
class ChainCheck:
    """The result of re-checking one stream's hash chain, event by event."""

    checked: int = 0
    breaks: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


@dataclass
class Timeline:
    case: Case
    events: list[AuditEvent]
    chain: ChainCheck


def check_chain(events: list[AuditEvent]) -> ChainCheck:
    """Sequence without gaps, each event linked to its predecessor, each hash matching its
    content (the same rules as ``audit_verify``, for one case)."""
    check = ChainCheck()
    expected_seq, expected_prev = 1, GENESIS_HASH
    for event in events:
        check.checked += 1
        reason = None
        if event.seq != expected_seq:
            reason = "missing"
        elif event.prev_hash != expected_prev:
            reason = "unlinked"
        elif hash_of(event) != event.hash:
            reason = "modified"
        if reason:
            check.breaks.append({"event_id": event.pk, "seq": event.seq, "reason": reason})
        expected_seq, expected_prev = event.seq + 1, event.hash
    return check


def case_timeline(user: User, case_id: int) -> Timeline | None:
    """The case's events in order with the chain check; None when the user may not see it."""
    case = cases_visible_to(user).filter(pk=case_id).first()
    if case is None:
        return None
    events = list(
        AuditEvent.objects.filter(stream=f"case:{case.pk}").select_related("actor").order_by("seq")
    )
    return Timeline(case=case, events=events, chain=check_chain(events))
