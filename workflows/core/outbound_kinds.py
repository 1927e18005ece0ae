# ruff: noqa: E501  (a data table reads best one kind per entry)
"""Every message the law has the bureau publish or share, as data: its receiving
systems, the period to deliver it in (a ``DeadlineRule`` code, counted from the day the
step gives) and the step that sends it. README.md "Outbound" is this table in prose.

``services.outbound.outbound_enqueue`` refuses a kind or target not listed here, so that
a new message is declared (and documented) before it is sent.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

CREDIT_CHINA, PUBLICITY, SHARING = "credit_china", "publicity", "sharing"
CROSS_PROVINCE, PORTAL = "cross_province", "portal"


@dataclass(frozen=True)
class MessageKind:
    code: str
    title: str
    targets: tuple[str, ...]
    #: the deadline rule of the delivery; None where the law sets none (a reminder)
    rule: str | None
    #: the step that sends it, and the day its period runs from
    trigger: str


KINDS: tuple[MessageKind, ...] = (
    MessageKind("serious_list.listed", _("Serious-violation listing"),
                (PUBLICITY, SHARING, CREDIT_CHINA), "SL-PUB",
                "listing: publicity push (publicity system) and 公示确认 (the others); from the decision day"),
    MessageKind("serious_list.pushed", _("Listing pushed to the registration place"),
                (CROSS_PROVINCE,), "PEN-PUSH",
                "listing: publicity push, when the USCC was issued in another province; from the decision day"),
    MessageKind("serious_list.removed", _("Removal from the serious-violation list"),
                (PUBLICITY, SHARING, CREDIT_CHINA), "SL-REVOKE",
                "listing: the period ends (daily job); from the removal day"),
    MessageKind("serious_list.revoked", _("Revocation of a serious-violation listing"),
                (PUBLICITY, SHARING, CREDIT_CHINA), "SL-REVOKE",
                "listing: revocation (Art. 19); from the revocation day"),
    MessageKind("credit_record.ended", _("Publicity period ended"),
                (PUBLICITY, SHARING, CREDIT_CHINA), "PEN-WITHDRAW",
                "the daily job: a penalty or false-pledge record past its last day; from the day it ended"),
    MessageKind("repair.granted", _("Credit repair granted"),
                (PUBLICITY, SHARING, CREDIT_CHINA), "CC-SYNC",
                "repair: execution (修复执行); from the execution day"),
    MessageKind("repair.revoked", _("Credit repair revoked"),
                (PUBLICITY, SHARING, CREDIT_CHINA), "CC-SYNC",
                "repair: revocation for fraud; from the revocation day"),
    MessageKind("abnormal.listed", _("Abnormal-operations listing"),
                (PUBLICITY,), "GOV-PUB",
                "abnormal list: the listing decision; from the decision day"),
    MessageKind("abnormal.revoked", _("Abnormal listing revoked on objection"),
                (PUBLICITY,), "GOV-PUB",
                "abnormal list: the objection upheld; from the decision day"),
    MessageKind("abnormal.three_year_warning", _("Three years on the abnormal list soon"),
                (PUBLICITY,), None,
                "abnormal list: the daily job, AB-3Y-WARN days before the 3-year mark"),
    MessageKind("pledge.false_record", _("False-pledge record"),
                (PUBLICITY, SHARING), "GOV-PUB",
                "pledge: the decision 承诺不实; from the decision day"),
    MessageKind("pilot.list", _("Approved pilot"),
                (PORTAL,), "GOV-PUB",
                "pilot: the leader's approval (批复); from the approval day"),
    MessageKind("pilot.results", _("Pilot results"),
                (PORTAL,), "GOV-PUB",
                "pilot: the acceptance opinion (验收), accepted or failed; from its day"),
    MessageKind("alliance.notice", _("Alliance candidates' public notice"),
                (PORTAL,), "GOV-PUB",
                "alliance: the notice opens (公示); from its first day"),
    MessageKind("alliance.members", _("Alliance member list"),
                (PORTAL,), "GOV-PUB",
                "alliance: a member admitted; from the decision day"),
)  # fmt: skip

BY_CODE: dict[str, MessageKind] = {kind.code: kind for kind in KINDS}


def message_kind(code: str, target: str) -> MessageKind:
    """The declared kind, checked to go to ``target``."""
    kind = BY_CODE.get(code)
    if kind is None:
        raise ValueError(f"outbound message kind {code!r} is not declared in outbound_kinds")
    if target not in kind.targets:
        raise ValueError(f"outbound message kind {code!r} does not go to {target!r}")
    return kind


def send_step(code: str, target: str) -> str:
    """The ``Deadline.step`` of delivering ``code`` to ``target``."""
    return f"send:{code}:{target}"


def send_step_title(step: str) -> str | None:
    """Title of a ``send_step`` ("列入严重违法失信名单 → 公示系统"), None for other steps."""
    from workflows.core.models import OutboundMessage

    parts = step.split(":")
    if len(parts) != 3 or parts[0] != "send" or parts[1] not in BY_CODE:
        return None
    targets = dict(OutboundMessage.Target.choices)
    return f"{BY_CODE[parts[1]].title} → {targets.get(parts[2], parts[2])}"
