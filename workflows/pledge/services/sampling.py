"""Planning verification: exempt, random sample or full check, reproducibly.

A draw takes every registered pledge of a bureau. Each pledge's check mode comes from
the policy in force (per pledge type); a sampled pledge is drawn when its draw value
— SHA-256 of "seed:pledge id" read as a fraction of 1 — is below the ratio of its
subject's credit class (times the alliance factor for members). The seed, the policy
version and each subject's class and membership are recorded, so an auditor derives
the same selection again (``sampling_draw_rederive``) without trusting our code's state.
"""

import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workflows.alliance.selectors import is_member
from workflows.core import audit
from workflows.core.flow.registry import start_named_flow
from workflows.core.models import Bureau, Case, Procedure, User
from workflows.core.services.cases import case_open
from workflows.core.services.kit import local_today
from workflows.pledge.models import CheckMode, DrawEntry, Pledge, SamplingDraw, SamplingPolicy
from workflows.pledge.selectors import policy_in_force
from workflows.pledge.services.common import pledge_event, pledge_transition

POLICY_STREAM = "pledge:sampling-policy"
_DIGITS = 15  # the draw value's decimal places (DrawEntry.value)


def draw_value(seed: str, pledge_id: int) -> Decimal:
    """The pledge's draw value in [0, 1): the first 52 bits of SHA-256("seed:id")."""
    digest = hashlib.sha256(f"{seed}:{pledge_id}".encode()).hexdigest()
    fraction = Decimal(int(digest[:13], 16)) / Decimal(16**13)
    return fraction.quantize(Decimal(1).scaleb(-_DIGITS))


def is_selected(mode: str, value: Decimal, ratio: Decimal) -> bool:
    if mode == CheckMode.EXEMPT:
        return False
    return mode == CheckMode.FULL or value < ratio


def _policy_snapshot(policy: SamplingPolicy) -> dict:
    return {
        "version": policy.version,
        "effective_from": policy.effective_from,
        "ratios": {
            "A": policy.ratio_a, "B": policy.ratio_b, "C": policy.ratio_c, "D": policy.ratio_d,
            "": policy.ratio_unclassified,
        },
        "member_factor": policy.member_factor,
        "type_modes": policy.type_modes,
    }  # fmt: skip


@transaction.atomic
def sampling_policy_save(*, policy: SamplingPolicy, actor: User | None) -> SamplingPolicy:
    """Create or change a policy version, audited; a version a draw used is frozen."""
    policy.full_clean()
    before = None
    if policy.pk:
        stored = SamplingPolicy.objects.select_for_update(of=("self",)).get(pk=policy.pk)
        if stored.draws.exists():
            raise ValidationError(
                _("This version has been used by a draw; add a new version instead.")
            )
        before = _policy_snapshot(stored)
    policy.save()
    audit.record(
        "pledge.sampling_policy_changed" if before else "pledge.sampling_policy_created",
        stream=POLICY_STREAM,
        actor=actor,
        before=before,
        after=_policy_snapshot(policy),
    )
    return policy


@dataclass(frozen=True)
class DrawResult:
    draw: SamplingDraw
    exempt: int
    selected: int
    not_drawn: int


@transaction.atomic
def pledges_draw(*, bureau: Bureau, actor: User | None, seed: str = "") -> DrawResult:
    """Plan verification for every registered pledge of ``bureau`` in one draw.

    Drawn pledges get a verification case (its flow starts at planning); exempt and
    not-drawn pledges leave the register's open list. ``seed`` is random unless given.
    """
    today = local_today()
    policy = policy_in_force(today)
    pledges = list(
        Pledge.objects.select_for_update(of=("self",))
        .filter(bureau=bureau, state=Pledge.State.REGISTERED)
        .select_related("subject")
        .order_by("pk")
    )
    if not pledges:
        raise ValidationError(_("No registered pledges are waiting for a verification plan."))
    draw = SamplingDraw.objects.create(
        bureau=bureau, policy=policy, seed=seed or secrets.token_hex(16), drawn_on=today,
        drawn_by=actor,
    )  # fmt: skip
    counts = {"exempt": 0, "selected": 0, "not_drawn": 0}
    for pledge in pledges:
        entry = _entry(draw, policy, pledge)
        pledge.check_mode = entry.mode
        pledge.save(update_fields=["check_mode"])
        if entry.mode == CheckMode.EXEMPT:
            pledge.closed_on = today
            pledge.save(update_fields=["closed_on"])
            pledge_transition(pledge, "exempt", actor, draw=draw.pk)
            counts["exempt"] += 1
        elif entry.selected:
            verification_open(pledge=pledge, actor=actor, draw=draw)
            counts["selected"] += 1
        else:
            pledge.closed_on = today
            pledge.save(update_fields=["closed_on"])
            pledge_transition(pledge, "pass_over", actor, draw=draw.pk, value=entry.value)
            counts["not_drawn"] += 1
    audit.record(
        "pledge.sample_drawn",
        stream=f"pledge-draw:{draw.pk}",
        actor=actor,
        after={"draw": draw.pk, "bureau": bureau.code, "seed": draw.seed,
               "policy_version": policy.version, "population": len(pledges), **counts},
    )  # fmt: skip
    return DrawResult(draw=draw, **counts)


def _entry(draw: SamplingDraw, policy: SamplingPolicy, pledge: Pledge) -> DrawEntry:
    subject = pledge.subject
    member = is_member(subject)
    mode = policy.mode_for(pledge.pledge_type)
    ratio = policy.ratio_for(subject.risk_class, member)
    value = draw_value(draw.seed, pledge.pk)
    return DrawEntry.objects.create(
        draw=draw, pledge=pledge, mode=mode, risk_class=subject.risk_class, member=member,
        ratio=ratio, value=value, selected=is_selected(mode, value, ratio),
    )  # fmt: skip


def sampling_draw_rederive(draw: SamplingDraw) -> dict[int, bool]:
    """{pledge id: selected} derived again from the seed, the policy version and the
    recorded inputs — what an auditor computes to check the recorded selection."""
    policy = draw.policy
    return {
        entry.pledge_id: is_selected(
            policy.mode_for(entry.pledge.pledge_type),
            draw_value(draw.seed, entry.pledge_id),
            policy.ratio_for(entry.risk_class, entry.member),
        )
        for entry in draw.entries.select_related("pledge")
    }


@transaction.atomic
def pledge_check_now(*, pledge: Pledge, actor: User | None):
    """A full check of one registered pledge outside a draw (e.g. after a complaint)."""
    pledge = Pledge.objects.select_for_update(of=("self",)).get(pk=pledge.pk)
    if pledge.state != Pledge.State.REGISTERED:
        raise ValidationError(_("Only a registered pledge can be checked now."))
    pledge.check_mode = CheckMode.FULL
    pledge.save(update_fields=["check_mode"])
    return verification_open(pledge=pledge, actor=actor)


def verification_open(*, pledge: Pledge, actor: User | None, draw: SamplingDraw | None = None):
    """Open the verification case of a pledge and start its flow (planning first)."""
    from workflows.core.services.deadlines import deadline_start
    from workflows.pledge.models import Verification

    case = case_open(
        procedure=Procedure.PLEDGE,
        bureau=pledge.bureau,
        source=Case.Source.EX_OFFICIO,
        actor=actor,
        subject=pledge.subject,
        sub_type=pledge.pledge_type,
        summary=pledge.content[:500],
        legal_basis="《经营主体信用承诺实施指南》",
    )
    pledge.case = case
    pledge.save(update_fields=["case"])
    verification = Verification.objects.create(case=case, pledge=pledge)
    pledge_transition(pledge, "start_verification", actor, draw=draw.pk if draw else None)
    deadline_start(
        case=case, rule_code="PLG-VERIFY", step="verification", started_on=local_today(),
        actor=actor,
    )  # fmt: skip
    pledge_event(pledge, "pledge.verification_opened", actor, case_no=case.case_no)
    start_named_flow("pledge", case)
    return verification
