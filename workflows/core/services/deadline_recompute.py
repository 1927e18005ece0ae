"""Moving open deadlines when a year's official holiday schedule is entered or corrected.

A deadline counted into a year without the State Council's schedule used the statutory
holidays alone. Once the schedule is in the calendar, every open deadline whose count
may have touched that year is counted again from its trigger day, under its case's
lock, and moved by the working days it has been paused so far. Each row whose dates
or warning change is audited with the old and the new due date; its assignee is told
when the due date moved.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.models import Process

from workflows.core import audit
from workflows.core.deadlines import DueDate, due_date, due_date_moved
from workflows.core.models import Case, Deadline, User
from workflows.core.services.deadlines import status_on
from workflows.core.services.notifications import notify
from workflows.core.workdays import Calendar


@dataclass(frozen=True)
class Recounted:
    """A deadline the schedule changed: its due date, or only its warning."""

    deadline: Deadline
    old_due: date
    new_due: date

    @property
    def moved(self) -> bool:
        return self.old_due != self.new_due


def deadlines_touching(year: int, first: date | None = None, last: date | None = None):
    """Open deadlines whose count may have used ``year`` (or the days from ``first`` to
    ``last``, when its schedule reaches into the next or the last year): their period
    overlaps it, or they carry the year as unconfirmed."""
    first, last = first or date(year, 1, 1), last or date(year, 12, 31)
    return Deadline.objects.filter(status__in=Deadline.OPEN_STATUSES).filter(
        Q(started_on__lte=last, due_date__gte=first) | Q(unconfirmed_years__contains=str(year))
    )


def recount(deadline: Deadline, calendar: Calendar) -> DueDate:
    """The deadline's dates on today's calendar: from the trigger day under its rule,
    then moved by the working days it has been paused so far."""
    due = due_date(deadline.rule, deadline.started_on, calendar)
    if not deadline.paused_workdays:
        return due
    return due_date_moved(deadline.rule, due.last_day, deadline.paused_workdays, calendar)


def _lock_case(case: Case) -> None:
    """The same row lock as the task services (``CaseLock``): the case's process."""
    if case.process_id:
        Process.objects.select_for_update(of=("self",)).filter(pk=case.process_id).exists()
    else:
        Case.objects.select_for_update(of=("self",)).filter(pk=case.pk).exists()


#: Where the assignee finds the task (as the escalation notices link it).
INBOX_URL = "/app/work/inbox/"


@transaction.atomic
def deadlines_recompute(
    *,
    year: int,
    actor: User | None,
    first: date | None = None,
    last: date | None = None,
    today: date | None = None,
) -> list[Recounted]:
    """Count again every open deadline touching ``year``; return those that changed."""
    today = today or timezone.localdate()
    shared = Calendar()
    changed: list[Recounted] = []
    rows = deadlines_touching(year, first, last).select_related("case", "rule", "assignee")
    rows = rows.order_by("pk")
    for candidate in rows:
        _lock_case(candidate.case)
        deadline = (
            Deadline.objects.select_for_update(of=("self",))
            .select_related("case", "rule", "assignee")
            .get(pk=candidate.pk)
        )
        if deadline.status not in Deadline.OPEN_STATUSES:
            continue
        due = recount(deadline, shared.afresh())
        years = Deadline.years_text(due.unconfirmed_years)
        before = {
            "due_date": deadline.due_date,
            "due_soon_from": deadline.due_soon_from,
            "unconfirmed_years": deadline.unconfirmed_year_list,
            "status": deadline.status,
        }
        if (deadline.due_date, deadline.due_soon_from, deadline.unconfirmed_years) == (
            due.last_day, due.due_soon_from, years,
        ):  # fmt: skip
            continue
        deadline.due_date, deadline.due_at = due.last_day, due.due_at
        deadline.due_soon_from, deadline.unconfirmed_years = due.due_soon_from, years
        if deadline.status != Deadline.Status.PAUSED:
            deadline.status = status_on(deadline, today)
        deadline.save(
            update_fields=["due_date", "due_at", "due_soon_from", "unconfirmed_years", "status"]
        )
        audit.record(
            "deadline.recomputed",
            case=deadline.case,
            actor=actor,
            task_id=deadline.task_id,
            before=before,
            after={
                "due_date": deadline.due_date,
                "due_soon_from": deadline.due_soon_from,
                "unconfirmed_years": due.unconfirmed_years,
                "status": deadline.status,
                "step": deadline.step,
                "calendar_year": year,
            },
        )
        recounted = Recounted(deadline, before["due_date"], deadline.due_date)
        changed.append(recounted)
        if recounted.moved:
            _tell_assignee(deadline, before["due_date"], year)
    return changed


def _tell_assignee(deadline: Deadline, old_due: date, year: int) -> None:
    if deadline.assignee is None:
        return
    values = {
        "case": deadline.case.case_no,
        "old": old_due.isoformat(),
        "new": deadline.due_date.isoformat(),
        "year": year,
    }
    notify(
        recipients=[deadline.assignee],
        kind="deadline.recomputed",
        title=_("Deadline of %(case)s moved to %(new)s") % values,
        body=_(
            "The State Council's holiday schedule for %(year)d has been entered. The "
            "last day of %(case)s moves from %(old)s to %(new)s."
        )
        % values,
        case=deadline.case,
        url=INBOX_URL,
    )
