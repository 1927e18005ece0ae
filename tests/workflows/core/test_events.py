"""Every audit event code is declared with a label (issue 19): the codes the source
records, the transition families, a Chinese label for each; an undeclared code is
refused."""

import ast
import re
from pathlib import Path

import pytest
from django.utils import translation
from django_fsm import FSMField

from workflows.alliance.models import Membership
from workflows.core import audit
from workflows.core.events import event_label, registered
from workflows.core.models import Case, CreditRecord
from workflows.pilot.models import Pilot, PilotApplication
from workflows.pledge.models import Pledge

ROOT = Path(__file__).resolve().parents[3]
CODE = re.compile(r"^[a-z_]+\.[a-z_0-9.]+$")
#: The functions that record an event, and the position of the code among their arguments.
RECORDERS = {"record": 0, "event": 1, "_audit": 1, "pledge_event": 1}


def _recorded_codes() -> dict[str, str]:
    """Literal codes handed to ``audit.record`` and the procedures' event helpers."""
    codes = {}
    for path in [*ROOT.glob("workflows/**/*.py"), *ROOT.glob("search/**/*.py")]:
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            index = RECORDERS.get(name)
            if index is None or len(node.args) <= index:
                continue
            if name == "record" and getattr(getattr(func, "value", None), "id", "") != "audit":
                continue
            arg = node.args[index]
            choices = [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]
            for choice in choices:  # both sides of "a" if x else "b"
                value = choice.value if isinstance(choice, ast.Constant) else None
                if isinstance(value, str) and CODE.match(value):
                    codes[value] = f"{path.relative_to(ROOT)}:{node.lineno}"
    return codes


def _transitions(model) -> set[str]:
    field = next(f for f in model._meta.fields if isinstance(f, FSMField))
    return {t.name for t in field.get_all_transitions(model)}


def test_every_code_the_source_records_is_declared():
    codes = _recorded_codes()
    assert len(codes) > 100  # the scan finds the procedures' events
    assert {code: where for code, where in codes.items() if code not in registered()} == {}


def test_every_transition_family_is_declared():
    families = {
        "credit_record.{}": _transitions(CreditRecord),
        "alliance.membership_{}": _transitions(Membership),
        "pilot.{}": _transitions(Pilot),
        "pledge.{}": _transitions(Pledge),
        "pilot.check_{}": set(PilotApplication.CheckResult.values),
    }
    missing = [
        pattern.format(name)
        for pattern, names in families.items()
        for name in sorted(names)
        if pattern.format(name) not in registered()
    ]
    assert missing == []


def test_every_label_is_in_chinese_and_in_english():
    labels = registered()
    assert labels
    untranslated = []
    for code, label in labels.items():
        with translation.override("en"):
            english = str(label)
        with translation.override("zh-hans"):
            chinese = str(label)
        if chinese == english or not re.search(r"[\u4e00-\u9fff]", chinese):
            untranslated.append(code)
    assert untranslated == []
    with translation.override("zh-hans"):
        assert event_label("listing.lead_opened") == "线索已登记"


@pytest.mark.django_db
def test_an_undeclared_code_is_refused_and_nothing_is_written(staff):
    from django.db import transaction

    from tests.factories import bureau
    from workflows.core.models import AuditEvent
    from workflows.core.services.cases import case_open

    case = case_open(
        procedure="repair", bureau=bureau("650100"), source=Case.Source.APPLICATION, actor=None
    )
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="repair.granted_twice"), transaction.atomic():
        audit.record("repair.granted_twice", case=case)
    assert AuditEvent.objects.count() == before
