"""Procedures start their flows by name: each app registers its flows when Django starts."""

import pytest

from workflows.alliance.flows import AllianceFlow, MembershipReviewFlow
from workflows.core.flow.registry import flow_named, register_flow
from workflows.listing.flows import AbnormalObjectionFlow, ListingFlow
from workflows.pilot.flows import PilotFlow
from workflows.pledge.flows import PledgeFlow
from workflows.repair.flows import AutoRestoreFlow, RepairFlow


def test_every_procedure_registers_its_flows_by_name():
    assert {
        name: flow_named(name)
        for name in (
            "alliance", "alliance.review", "listing", "listing.abnormal_objection", "pilot",
            "pledge", "repair", "repair.auto_restore",
        )
    } == {
        "alliance": AllianceFlow, "alliance.review": MembershipReviewFlow,
        "listing": ListingFlow, "listing.abnormal_objection": AbnormalObjectionFlow,
        "pilot": PilotFlow, "pledge": PledgeFlow, "repair": RepairFlow,
        "repair.auto_restore": AutoRestoreFlow,
    }  # fmt: skip


def test_an_unknown_name_or_a_second_flow_for_a_name_is_refused():
    with pytest.raises(LookupError):
        flow_named("pledges")
    register_flow("repair", RepairFlow)  # the same again is harmless
    with pytest.raises(ValueError, match="already RepairFlow"):
        register_flow("repair", PilotFlow)
