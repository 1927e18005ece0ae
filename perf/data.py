"""A reproducible benchmark data set at a chosen scale, written with COPY.

Scale 1 is 200,000 subjects, 100,000 cases spread over the five procedures and every
bureau, 1,000,000 audit events and 20,000 open tasks. Everything is drawn from one
seeded random generator, so the same seed and scale give the same rows. Audit events
are chained exactly as ``audit.record`` chains them (``audit.event_hash``), so
``audit_verify`` passes on the generated data. Elasticsearch is filled afterwards by
the production rebuild (``search.rebuild``) from these rows.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.fields import get_flow_ref

from forms.validators import build_uscc
from perf import names
from perf.flows import BenchFlow
from perf.rows import Chain, Copier, Writers, reset_sequences
from workflows.core.deadlines import due_date
from workflows.core.models import Bureau, Case, DeadlineRule, NumberSequence, Procedure, User
from workflows.core.roles import Role
from workflows.core.services.cases import case_number
from workflows.core.services.deadlines import status_on
from workflows.core.services.roles import roles_ensure_groups
from workflows.core.workdays import Calendar
from workflows.listing.flows import ListingFlow
from workflows.repair.flows import RepairFlow

PROCEDURE_WEIGHTS = {
    Procedure.REPAIR: 30, Procedure.LISTING: 30, Procedure.PLEDGE: 20,
    Procedure.ALLIANCE: 10, Procedure.PILOT: 10,
}  # fmt: skip
#: The flow whose tasks a procedure's open cases wait on (the stand-in until its app lands).
FLOWS = {Procedure.REPAIR: RepairFlow, Procedure.LISTING: ListingFlow}
#: Steps a case can wait on: procedure → [(node, role, rule code, weight)].
STEPS = {
    Procedure.REPAIR: [
        ("accept", Role.CLERK, "REP-ACCEPT", 15), ("verify", Role.HANDLER, "REP-DECIDE", 40),
        ("review", Role.SECTION_HEAD, "REP-DECIDE", 10), ("legal", Role.LEGAL, "REP-DECIDE", 10),
        ("decide", Role.LEADER, "REP-DECIDE", 10), ("execute", Role.HANDLER, "REP-EXEC", 15),
    ],
    Procedure.LISTING: [
        ("register", Role.HANDLER, "SL-REGISTER", 25),
        ("assess", Role.HANDLER, "PEN-DECIDE", 30),
        ("notice", Role.SECTION_HEAD, "PEN-DECIDE", 10),
        ("service", Role.HANDLER, "PEN-DECIDE", 15),
        ("legal", Role.LEGAL, "PEN-DECIDE", 10),
        ("business", Role.SECTION_HEAD, "PEN-DECIDE", 10),
    ],
    "bench": [
        ("accept", Role.CLERK, "REP-ACCEPT", 20), ("verify", Role.HANDLER, "REP-DECIDE", 60),
        ("decide", Role.LEADER, "REP-DECIDE", 20),
    ],
}  # fmt: skip
#: Staff per bureau and role (the benchmarked handler is ``handler0_650100``).
STAFF = {
    Role.CLERK: 2, Role.HANDLER: 5, Role.SECTION_HEAD: 1, Role.LEGAL: 1, Role.LEADER: 1,
}  # fmt: skip
SUFFIX_BY_KIND = {
    "enterprise": names.SUFFIXES[:3], "individual": names.SUFFIXES[3:5],
    "cooperative": names.SUFFIXES[5:],
}  # fmt: skip
SUB_TYPES = {Procedure.LISTING: "court", Procedure.REPAIR: "abnormal_list"}


@dataclass(frozen=True)
class Scale:
    subjects: int
    cases: int
    events: int
    open_tasks: int

    @classmethod
    def of(cls, factor: float) -> "Scale":
        def n(value: int) -> int:
            return max(int(value * factor), 1)

        open_tasks = n(20_000)
        cases = max(n(100_000), open_tasks)
        return cls(n(200_000), cases, max(n(1_000_000), cases * 3), open_tasks)


def _ref(flow_class) -> str:
    return get_flow_ref(flow_class)


@dataclass
class World:
    """What the generator made that the measurements need."""

    bureaus: dict[str, Bureau]
    users: dict[str, User]
    staff: dict[tuple[int, str], list[User]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def user(self, username: str) -> User:
        return self.users[username]


def _weighted(rng: random.Random, weights: dict) -> list:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])


class Generator:
    def __init__(self, scale: Scale, seed: int = 20261127, progress=None):
        self.scale, self.rng = scale, random.Random(seed)
        self.progress = progress or (lambda message: None)
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self._rules: dict[str, DeadlineRule] = {}
        self._due: dict[tuple[int, date], tuple] = {}
        self._calendar = Calendar()  # years loaded once, shared by every due date

    # --- reference rows ---------------------------------------------------------
    def staff(self) -> World:
        groups = roles_ensure_groups()
        bureaus = {b.code: b for b in Bureau.objects.all()}
        users = []
        for code in bureaus:
            for role, count in STAFF.items():
                for i in range(count):
                    users.append((f"{role}{i}_{code}", code, role))
        users += [
            ("bench_supervisor", "650000", Role.SUPERVISOR),
            ("bench_auditor", "650000", Role.AUDITOR),
            ("bench_court", "650000", Role.COURT),
        ]
        objects = []
        for username, code, _role in users:
            family = self.rng.choice(names.SURNAMES)
            objects.append(
                User(
                    username=username,
                    last_name=family,
                    bureau=bureaus[code],
                    first_name=self.rng.choice(names.GIVEN),
                    password="!",
                )  # fmt: skip
            )
        User.objects.bulk_create(objects, batch_size=1000)
        created = {u.username: u for u in User.objects.filter(username__in=[u[0] for u in users])}
        through = User.groups.through
        through.objects.bulk_create(
            [through(user_id=created[u].pk, group_id=groups[role].pk) for u, _c, role in users]
        )
        world = World(bureaus=bureaus, users=created)
        for username, code, role in users:
            world.staff.setdefault((bureaus[code].pk, str(role)), []).append(created[username])
        return world

    # --- subjects ------------------------------------------------------------------
    def subjects(self, world: World) -> list[tuple[int, int]]:
        """COPY the subjects; return (id, bureau id) of each."""
        rng, bureaus = self.rng, list(world.bureaus.values())
        weights = [25 if b.code == "650100" else 1 if b.parent_id == 16 else 5 for b in bureaus]
        copier = Copier(
            "core_subject",
            ("id", "uscc", "name", "subject_type", "legal_rep", "reg_authority", "region_id",
             "address", "reg_status", "risk_class", "contact_phone", "contact_email",
             "created_at", "updated_at"),
            batch=20_000,
        )  # fmt: skip
        out = []
        kinds = (("91", "enterprise", 70), ("92", "individual", 25), ("93", "cooperative", 5))
        for pk in range(1, self.scale.subjects + 1):
            bureau = rng.choices(bureaus, weights=weights)[0]
            prefix, kind, _w = rng.choices(kinds, weights=[k[2] for k in kinds])[0]
            uscc = build_uscc(prefix, bureau.code[:4] + f"{rng.randint(0, 9):02d}", f"{pk:08d}")
            suffix = rng.choice(SUFFIX_BY_KIND[kind])
            words = (rng.choice(names.PLACES), rng.choice(names.WORDS), rng.choice(names.TRADES))
            name = "".join(words) + suffix
            city = bureau.name.removesuffix("市场监督管理局")
            address = f"{city}{rng.choice(names.PLACES)}路{rng.randint(1, 999)}号"
            copier.add((
                pk, uscc, name, kind, self._person(), bureau.name, bureau.pk,
                address,
                "active", rng.choice("ABCD"), f"139{rng.randint(0, 99_999_999):08d}", "",
                self.now, self.now,
            ))  # fmt: skip
            out.append((pk, bureau.pk))
        copier.flush()
        return out

    def _person(self) -> str:
        return self.rng.choice(names.SURNAMES) + self.rng.choice(names.GIVEN)

    # --- cases and everything hanging on them ------------------------------------------------
    def _rule(self, code: str) -> DeadlineRule:
        if code not in self._rules:
            self._rules[code] = DeadlineRule.objects.filter(code=code).order_by("-version")[0]
        return self._rules[code]

    def _due_of(self, rule: DeadlineRule, start: date) -> tuple:
        key = (rule.pk, start)
        if key not in self._due:
            base = self._calendar
            calendar = Calendar(base.exceptions, base.loaded_years, base.known_years)
            due = due_date(rule, start, calendar)
            self._due[key] = (due.last_day, due.due_at, due.due_soon_from)
        return self._due[key]

    def _event_counts(self, open_flags: list[bool]) -> list[int]:
        rng, total = self.rng, self.scale.events
        counts = [rng.randint(3, 8) if is_open else rng.randint(8, 14) for is_open in open_flags]
        diff = total - sum(counts)
        while diff:
            i = rng.randrange(len(counts))
            step = 1 if diff > 0 else -1
            if counts[i] + step >= 3:
                counts[i] += step
                diff -= step
        return counts

    def cases(self, world: World, subjects: list[tuple[int, int]]) -> None:
        scale, rng = self.scale, self.rng
        case_ct = ContentType.objects.get_for_model(Case).pk
        open_ids = set(rng.sample(range(1, scale.cases + 1), scale.open_tasks))
        open_flags = [pk in open_ids for pk in range(1, scale.cases + 1)]
        counts = self._event_counts(open_flags)
        by_bureau: dict[int, list[int]] = {}
        for subject_id, bureau_id in subjects:
            by_bureau.setdefault(bureau_id, []).append(subject_id)
        numbers: dict[tuple[int, str, int], int] = {}
        writer = Writers()
        self.ids = {"task": 0, "deadline": 0, "event": 0}
        for pk in range(1, scale.cases + 1):
            subject_id, bureau_id = rng.choice(subjects)
            bureau = self._bureau_by_pk(world, bureau_id)
            procedure = _weighted(rng, PROCEDURE_WEIGHTS)[0]
            is_open = open_flags[pk - 1]
            days_ago = rng.randint(0, 40) if is_open else rng.randint(15, 730)
            opened_at = self.now - timedelta(days=days_ago, minutes=rng.randint(0, 1440))
            year = timezone.localtime(opened_at).year
            key = (bureau.pk, procedure, year)
            numbers[key] = numbers.get(key, 0) + 1
            case = _CaseRow(
                pk=pk, procedure=procedure, bureau=bureau, subject_id=subject_id,
                case_no=case_number(bureau, procedure, year, numbers[key]),
                opened_at=opened_at, is_open=is_open,
            )  # fmt: skip
            self._one_case(world, writer, case, counts[pk - 1], case_ct)
            if pk % 2000 == 0:
                writer.flush()
            if pk % 20_000 == 0:
                self.progress(f"cases {pk}/{scale.cases}")
        writer.flush()
        NumberSequence.objects.bulk_create(
            [
                NumberSequence(bureau_id=b, year=y, kind=f"case:{p}", last_value=n)
                for (b, p, y), n in numbers.items()
            ]
        )
        world.counts = {name: c.count for name, c in writer.copiers.items()}

    def _bureau_by_pk(self, world: World, pk: int) -> Bureau:
        if not hasattr(self, "_bureaus_by_pk"):
            self._bureaus_by_pk = {b.pk: b for b in world.bureaus.values()}
        return self._bureaus_by_pk[pk]

    def _one_case(self, world: World, w: Writers, case: "_CaseRow", n_events: int, case_ct):
        rng = self.rng
        flow = FLOWS.get(case.procedure, BenchFlow)
        steps = STEPS.get(case.procedure, STEPS["bench"])
        flow_ref = _ref(flow)
        opener = rng.choice(world.staff[(case.bureau.pk, str(Role.CLERK))])
        events = Chain(self, w, case)
        events.add("case.opened", opener, after={
            "case_no": case.case_no, "procedure": case.procedure,
            "sub_type": SUB_TYPES.get(case.procedure, ""), "source": "application",
            "bureau": case.bureau.code,
        }, at=case.opened_at)  # fmt: skip
        w.process.add((case.pk, flow_ref, "NEW" if case.is_open else "DONE", case.opened_at,
                       None, "{}", case_ct, case.pk))  # fmt: skip
        self._task(w, case, f"{flow_ref}.start", "START", "DONE", case.opened_at, None, "start")
        # The history: cycles of a step created, started, taken, completed.
        moment, remaining, history_steps, step_before = case.opened_at, n_events - 1, [], ""
        final = 1 if not case.is_open else 0
        while remaining - final > 0:
            node, role, rule_code, _w = rng.choices(steps, weights=[s[3] for s in steps])[0]
            owner = rng.choice(world.staff[(case.bureau.pk, str(role))])
            cycle = [
                ("task.created", None, {}, {"step": node, "role": str(role), "owner": None}),
                ("deadline.started", None, {}, {"step": node, "rule": rule_code}),
                ("task.assigned", owner, {"owner": None}, {"owner": owner.username, "step": node}),
                ("task.completed", owner, {}, {"step": node,
                 "data": {"comment": rng.choice(names.COMMENTS)}}),
                ("deadline.met", owner, {"status": "on_track"}, {"status": "met", "step": node}),
                ("case.step_changed", None, {"current_step": step_before}, {"current_step": node}),
            ]  # fmt: skip
            for event_type, actor, before, after in cycle[: remaining - final]:
                moment += timedelta(minutes=rng.randint(5, 3000))
                events.add(event_type, actor, before=before, after=after, at=moment)
                remaining -= 1
            history_steps.append((node, role, rule_code, owner))
            step_before = node
        if case.is_open:
            self._open_step(world, w, case, flow_ref, steps, max(moment, case.opened_at))
        else:
            moment += timedelta(minutes=rng.randint(5, 3000))
            decision = rng.choice(names.DECISIONS)
            leader = rng.choice(world.staff[(case.bureau.pk, str(Role.LEADER))])
            events.add("case.closed", leader, before={"status": "open"},
                       after={"status": "closed", "decision": decision},
                       comment=rng.choice(names.COMMENTS), at=moment)  # fmt: skip
            self._closed_steps(w, case, flow_ref, history_steps[-2:], moment)
            case.closed_at, case.decision = moment, decision
            case.current_step = history_steps[-1][0] if history_steps else ""
        w.case.add((
            case.pk, case.case_no, case.procedure, SUB_TYPES.get(case.procedure, ""),
            case.subject_id, case.bureau.pk, "application", "open" if case.is_open else "closed",
            case.current_step, case.decision, "", rng.choice(names.COMMENTS), case.pk, opener.pk,
            case.opened_at, case.closed_at,
        ))  # fmt: skip
        events.flush_to(w)

    def _task(self, w, case, flow_task, task_type, status, created, owner, token="start",
              assigned=None, finished=None) -> int:  # fmt: skip
        self.ids["task"] += 1
        w.task.add((
            self.ids["task"], flow_task, task_type, status, created, assigned,
            finished or (created if status == "DONE" else None), None, token,
            owner.pk if owner else None,
            case.pk, "{}",
        ))  # fmt: skip
        return self.ids["task"]

    def _deadline(self, w, case, task_id, rule_code, step, owner, role, started_on,
                  completed_at=None) -> None:  # fmt: skip
        rule = self._rule(rule_code)
        last_day, due_at, soon = self._due_of(rule, started_on)
        if completed_at is None:
            status = status_on(_Probe(last_day, soon), self.today)
        else:
            status = "met" if completed_at < due_at else "breached"
        self.ids["deadline"] += 1
        w.deadline.add((
            self.ids["deadline"], case.pk, task_id, rule.pk, step, case.bureau.pk, case.procedure,
            owner.pk if owner else None, str(role), started_on, last_day, due_at, soon, status,
            "", completed_at, None, 0,
        ))  # fmt: skip

    def _open_step(self, world, w, case, flow_ref, steps, after):
        rng = self.rng
        node, role, rule_code, _w = rng.choices(steps, weights=[s[3] for s in steps])[0]
        created = min(after + timedelta(minutes=rng.randint(1, 600)), self.now)
        claimed = rng.random() < 0.6
        owner = rng.choice(world.staff[(case.bureau.pk, str(role))]) if claimed else None
        task_id = self._task(
            w, case, f"{flow_ref}.{node}", "HUMAN", "ASSIGNED" if claimed else "NEW", created,
            owner, token="start", assigned=created if claimed else None,
        )  # fmt: skip
        started_on = timezone.localdate(created)
        self._deadline(w, case, task_id, rule_code, node, owner, role, started_on)
        if rule_code.endswith("DECIDE"):  # the case milestone the step runs within
            self._deadline(w, case, None, rule_code, "decision", None, "", started_on)
        case.current_step = node

    def _closed_steps(self, w, case, flow_ref, history, closed_at):
        rng = self.rng
        for node, role, rule_code, owner in history:
            started = case.opened_at + (closed_at - case.opened_at) * rng.uniform(0, 0.5)
            finished = started + (closed_at - started) * rng.uniform(0.3, 1.0)
            task_id = self._task(w, case, f"{flow_ref}.{node}", "HUMAN", "DONE", started, owner,
                                 assigned=started, finished=finished)  # fmt: skip
            self._deadline(
                w, case, task_id, rule_code, node, owner, role, timezone.localdate(started),
                completed_at=finished,
            )  # fmt: skip
        self._task(w, case, f"{flow_ref}.end", "END", "DONE", closed_at, None)


@dataclass
class _Probe:
    due_date: date
    due_soon_from: date


@dataclass
class _CaseRow:
    pk: int
    procedure: str
    bureau: Bureau
    subject_id: int
    case_no: str
    opened_at: datetime
    is_open: bool
    current_step: str = ""
    decision: str = ""
    closed_at: datetime | None = None


def generate(scale: Scale, seed: int, progress=None) -> World:
    gen = Generator(scale, seed, progress)
    with transaction.atomic():
        world = gen.staff()
    subjects = gen.subjects(world)
    gen.progress(f"subjects {len(subjects)}")
    gen.cases(world, subjects)
    reset_sequences()
    world.counts["subjects"] = len(subjects)
    return world


def load_world() -> World:
    """The staff of a data set generated before (``--reuse``)."""
    bureaus = {b.code: b for b in Bureau.objects.all()}
    users = User.objects.filter(password="!").prefetch_related("groups")
    world = World(bureaus=bureaus, users={u.username: u for u in users})
    for user in users:
        for group in user.groups.all():
            world.staff.setdefault((user.bureau_id, group.name), []).append(user)
    return world
