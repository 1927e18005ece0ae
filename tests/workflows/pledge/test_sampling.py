"""Verification planning: check modes per type, ratios falling with the credit class and
lower for alliance members, and a draw an auditor re-derives from its recorded seed."""

import hashlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.factories import SubjectFactory, bureau
from workflows.alliance.models import Membership
from workflows.alliance.selectors import is_member
from workflows.core.models import AuditEvent, Subject
from workflows.pledge.models import DrawEntry, Pledge, PledgeType, SamplingPolicy
from workflows.pledge.reference_data import POLICY
from workflows.pledge.selectors import policy_in_force
from workflows.pledge.services import (
    draw_value,
    pledges_draw,
    sampling_draw_rederive,
    sampling_policy_save,
)

pytestmark = pytest.mark.django_db


def _member(subject: Subject) -> Subject:
    Membership.objects.create(subject=subject, bureau=subject.region, state="member")
    assert is_member(subject)
    return subject


def test_the_ratio_falls_with_the_class_and_halves_for_alliance_members():
    policy = SamplingPolicy.objects.get(version=1)
    assert [policy.ratio_for(c, member=False) for c in "ABCD"] == [
        Decimal("0.050"), Decimal("0.150"), Decimal("0.300"), Decimal("1.000"),
    ]  # fmt: skip
    assert policy.ratio_for("", member=False) == Decimal("0.200")
    assert policy.ratio_for("A", member=True) == Decimal("0.025")
    assert policy.ratio_for("C", member=True) == Decimal("0.150")
    assert policy.mode_for(PledgeType.SECTOR) == "exempt"
    assert policy.mode_for(PledgeType.DEFICIENCY) == "full"


def test_a_draw_is_reproducible_from_its_recorded_seed(make_pledge, staff):
    """Sixty pledges of mixed classes, a third of them alliance members: the recorded
    selection equals SHA-256(seed:id) < ratio, computed here independently, and stays
    so after the subjects' classes and memberships change."""
    classes = "ABCD"
    pledges = []
    for n in range(60):
        subject = SubjectFactory(region=bureau("650100"), risk_class=classes[n % 4])
        if n % 3 == 0:
            _member(subject)
        kind = PledgeType.SECTOR if n % 10 == 9 else PledgeType.LICENSING
        pledges.append(make_pledge(kind, subject=subject))

    result = pledges_draw(bureau=bureau("650100"), actor=staff["handler"], seed="审计复核-2026")
    draw = result.draw
    assert draw.seed == "审计复核-2026" and draw.policy.version == 1
    policy = draw.policy
    expected = {}
    for pledge in pledges:
        digest = hashlib.sha256(f"审计复核-2026:{pledge.pk}".encode()).hexdigest()
        value = Decimal(int(digest[:13], 16)) / Decimal(16**13)
        member = (pledges.index(pledge) % 3) == 0
        ratio = policy.ratio_for(pledge.subject.risk_class, member)
        expected[pledge.pk] = pledge.pledge_type != PledgeType.SECTOR and value < ratio
    recorded = dict(DrawEntry.objects.filter(draw=draw).values_list("pledge_id", "selected"))
    assert recorded == expected
    assert result.selected == sum(expected.values()) and result.exempt == 6
    assert result.selected + result.exempt + result.not_drawn == 60
    assert result.not_drawn > 0

    # The selection is re-derived from the seed and the recorded inputs, whatever
    # happened to the subjects since.
    Subject.objects.filter(pk__in=[p.subject_id for p in pledges]).update(risk_class="D")
    Membership.objects.all().delete()
    assert sampling_draw_rederive(draw) == recorded
    for pledge in pledges:
        pledge.refresh_from_db()
        state = (
            "exempt" if pledge.pledge_type == PledgeType.SECTOR
            else "under_verification" if recorded[pledge.pk] else "not_drawn"
        )  # fmt: skip
        assert pledge.state == state
        assert (pledge.case_id is not None) == recorded[pledge.pk]
    event = AuditEvent.objects.get(stream=f"pledge-draw:{draw.pk}")
    assert event.after["seed"] == "审计复核-2026" and event.after["population"] == 60


def test_an_alliance_member_is_drawn_at_half_its_class_ratio(make_pledge, staff):
    """The same draw values decide for a member and a non-member of class C: the member's
    ratio is 0.15, the other's 0.30."""
    member = make_pledge(subject=_member(SubjectFactory(risk_class="C")))
    other = make_pledge(risk_class="C")
    seed = next(
        s for s in (f"seed-{n}" for n in range(5000))
        if Decimal("0.15") <= draw_value(s, member.pk) < Decimal("0.30")
        and Decimal("0.15") <= draw_value(s, other.pk) < Decimal("0.30")
    )  # fmt: skip
    pledges_draw(bureau=member.bureau, actor=staff["handler"], seed=seed)
    member.refresh_from_db()
    other.refresh_from_db()
    assert (member.draw.member, member.draw.ratio, member.state) == (
        True, Decimal("0.150"), "not_drawn",
    )  # fmt: skip
    assert (other.draw.member, other.draw.ratio, other.state) == (
        False, Decimal("0.300"), "under_verification",
    )  # fmt: skip


def test_policy_versions_are_audited_and_a_used_version_is_frozen(make_pledge, staff):
    fields = POLICY | {"version": 2, "title": "第2版", "ratio_b": Decimal("0.100")}
    newer = sampling_policy_save(policy=SamplingPolicy(**fields), actor=staff["admin"])
    assert policy_in_force(newer.effective_from) == newer
    event = AuditEvent.objects.get(stream="pledge:sampling-policy")
    assert (event.event_type, event.after["ratios"]["B"]) == (
        "pledge.sampling_policy_created", "0.100",
    )  # fmt: skip

    inverted = SamplingPolicy(**(fields | {"version": 3, "ratio_a": Decimal("0.5")}))
    with pytest.raises(ValidationError):  # A may not be sampled more than B
        sampling_policy_save(policy=inverted, actor=staff["admin"])
    missing = SamplingPolicy(**(fields | {"version": 3, "type_modes": {"licensing": "sample"}}))
    with pytest.raises(ValidationError) as no_modes:
        sampling_policy_save(policy=missing, actor=staff["admin"])
    assert "type_modes" in no_modes.value.message_dict

    make_pledge()
    pledges_draw(bureau=bureau("650100"), actor=staff["handler"])
    newer.ratio_c = Decimal("0.400")
    with pytest.raises(ValidationError):
        sampling_policy_save(policy=newer, actor=staff["admin"])
    assert SamplingPolicy.objects.get(version=2).ratio_c == Decimal("0.300")
    assert Pledge.objects.filter(draw__draw__policy=newer).count() == 1
