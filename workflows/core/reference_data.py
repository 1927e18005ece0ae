"""Reference data every installation needs: bureaus, the calendar, deadline rules, the
registration systems' subject type terms.

Each loader takes an app registry, so data migrations pass their historical models
and tests (after a transactional test has emptied the tables) pass ``django.apps.apps``.
All loaders are idempotent.
"""

from datetime import date

from workflows.core.deadline_rules import ESCALATION_LEVELS, PAUSABLE_RULES, RULES, SANCTION_RULES
from workflows.core.regions import BUREAUS, DOC_PREFIXES
from workflows.core.subject_terms import TERMS


def load_bureaus(apps) -> None:
    Bureau = apps.get_model("core", "Bureau")
    fields = {f.name for f in Bureau._meta.get_fields()}
    by_code = {}
    for code, name, name_en, kind, parent_code in BUREAUS:
        defaults = {
            "name": name,
            "name_en": name_en,
            "kind": kind,
            "parent": by_code.get(parent_code),
        }
        if "doc_prefix" in fields:
            defaults["doc_prefix"] = DOC_PREFIXES.get(code, "")
        by_code[code], _ = Bureau.objects.update_or_create(code=code, defaults=defaults)


def load_calendar(apps) -> None:
    from workflows.core.services.calendar import calendar_seed_from_package

    calendar_seed_from_package(
        apps.get_model("core", "CalendarDay"), apps.get_model("core", "CalendarYear")
    )


def load_deadline_rules(apps) -> None:
    DeadlineRule = apps.get_model("core", "DeadlineRule")
    fields = {f.name for f in DeadlineRule._meta.get_fields()}
    for code, title, count, unit, basis, effective_from in RULES:
        defaults = {
            "title": title,
            "count": count,
            "unit": unit,
            "legal_basis": basis,
            "effective_from": date.fromisoformat(effective_from),
            "due_soon_workdays": 1 if unit == "WD" and count <= 5 else 3,
        }
        if "pausable" in fields:
            defaults["pausable"] = code in PAUSABLE_RULES
        if "period_kind" in fields:
            defaults |= _period_kind(code)
        DeadlineRule.objects.update_or_create(code=code, version=1, defaults=defaults)


def _period_kind(code: str) -> dict:
    sanction = code in SANCTION_RULES
    return {
        "period_kind": "sanction" if sanction else "procedural",
        "roll_to_workday": not sanction,
    }


def load_period_kinds(apps) -> None:
    """Mark the sanction and publicity periods of every version: they end on their
    anniversary (other rule data is left as edited)."""
    DeadlineRule = apps.get_model("core", "DeadlineRule")
    DeadlineRule.objects.filter(code__in=SANCTION_RULES).update(
        period_kind="sanction", roll_to_workday=False
    )


def load_pausable_rules(apps) -> None:
    """Mark every version of the pausable rules (other rule data is left as edited)."""
    DeadlineRule = apps.get_model("core", "DeadlineRule")
    DeadlineRule.objects.filter(code__in=PAUSABLE_RULES).update(pausable=True)


def load_escalation_levels(apps) -> None:
    """The global escalation ladder; levels an administrator already has are kept."""
    EscalationLevel = apps.get_model("core", "EscalationLevel")
    for level, title, offset, target, sms in ESCALATION_LEVELS:
        EscalationLevel.objects.get_or_create(
            procedure="",
            level=level,
            defaults={"title": title, "offset_workdays": offset, "target": target, "sms": sms},
        )


def load_subject_terms(apps) -> None:
    """The registration systems' 主体类型 words; terms an administrator changed are kept."""
    SubjectTypeTerm = apps.get_model("core", "SubjectTypeTerm")
    for term, subject_type in TERMS:
        SubjectTypeTerm.objects.get_or_create(term=term, defaults={"subject_type": subject_type})


def load_all(apps) -> None:
    load_bureaus(apps)
    load_subject_terms(apps)
    load_calendar(apps)
    load_deadline_rules(apps)
    load_escalation_levels(apps)
