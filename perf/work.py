"""Throughput of case work: task completion (against bare viewflow), court-referral
intake, and PDF rendering time."""

import time
from datetime import date

from django.db import transaction
from django.test import Client
from rest_framework.authtoken.models import Token
from viewflow.workflow.models import Task

from perf.flows import BareFlow, BenchFlow
from perf.measure import latency, ratio
from workflows.core.audit import acting_as
from workflows.core.flow import start_flow
from workflows.core.models import Bureau, Case, Procedure, Subject
from workflows.core.services.cases import case_open
from workflows.core.services.documents import document_issue, document_render
from workflows.core.services.tasks import task_claim, task_complete

STEP_DATA = {
    "accept": {"accepted_on": date.today().isoformat(), "comment": "材料齐全，符合受理条件"},
    "verify": {"comment": "经核查，该企业已按期补报年度报告并公示"},
    "decide": {"decision": "grant", "comment": "经集体讨论，同意作出决定"},
}
STEP_ACTOR = {"accept": "clerk0_650100", "verify": "handler0_650100", "decide": "leader0_650100"}


def open_bench_cases(world, n: int) -> list[Case]:
    bureau = Bureau.objects.get(code="650100")
    subjects = list(Subject.objects.filter(region=bureau).order_by("pk")[:n])
    cases = []
    with acting_as(world.user("clerk0_650100")):
        for subject in subjects:
            with transaction.atomic():
                case = case_open(
                    procedure=Procedure.PLEDGE, bureau=bureau, source=Case.Source.APPLICATION,
                    actor=world.user("clerk0_650100"), subject=subject,
                )  # fmt: skip
                start_flow(BenchFlow, case)
            cases.append(case)
    return cases


def _open_tasks(flow_class, process_ids: list[int], step: str) -> list[Task]:
    node = getattr(flow_class, step)
    return list(
        Task.objects.filter(process_id__in=process_ids, flow_task=node, status__in=["NEW"])
        .select_related("process")
        .order_by("pk")
    )


def complete_bench(world, process_ids: list[int], step: str) -> float:
    """Claim (untimed), then complete every open ``step`` task; return completions/s."""
    user = world.user(STEP_ACTOR[step])
    tasks = _open_tasks(BenchFlow, process_ids, step)
    for task in tasks:
        task_claim(task=task, user=user)
    start = time.perf_counter()
    for task in tasks:
        task_complete(task=task, user=user, data=STEP_DATA[step])
    return len(tasks) / (time.perf_counter() - start)


def complete_bare(world, process_ids: list[int], step: str) -> float:
    """The same with plain viewflow: lock, re-read, validate the same form, complete."""
    from forms.tasks import TaskForm
    from perf.flows import AcceptForm, DecideForm

    forms = {"accept": AcceptForm, "verify": TaskForm, "decide": DecideForm}
    user = world.user(STEP_ACTOR[step])
    tasks = _open_tasks(BareFlow, process_ids, step)
    for task in tasks:
        with task.activation() as activation:
            activation.assign(user)
    start = time.perf_counter()
    for task in tasks:
        with task.activation() as activation:  # the lock, the task re-read under it
            form = forms[step](data=STEP_DATA[step])
            if not form.is_valid():
                raise ValueError(form.errors)
            activation.start(None)
            activation.task.data["form"] = dict(STEP_DATA[step])
            activation.execute()
    return len(tasks) / (time.perf_counter() - start)


def task_completion(world, n: int) -> dict:
    """Steps completed per second, each creating the next task (the last ends the case)."""
    cases = open_bench_cases(world, n)
    bench_ids = [case.process_id for case in Case.objects.filter(pk__in=[c.pk for c in cases])]
    bare_ids = []
    for _ in range(len(cases)):
        with transaction.atomic():
            bare_ids.append(BareFlow.start.run().pk)
    figure: dict = {"cases": len(cases), "steps": {}}
    bench_rates, bare_rates = [], []
    for step in ("accept", "verify", "decide"):
        bench, bare = complete_bench(world, bench_ids, step), complete_bare(world, bare_ids, step)
        figure["steps"][step] = {"per_second": round(bench, 1), "bare_per_second": round(bare, 1)}
        bench_rates.append(bench)
        bare_rates.append(bare)
    # Harmonic means: the rate of doing one of each step.
    figure["per_second"] = round(len(bench_rates) / sum(1 / r for r in bench_rates), 1)
    figure["bare_per_second"] = round(len(bare_rates) / sum(1 / r for r in bare_rates), 1)
    figure["cost_ratio"] = ratio(figure["bare_per_second"], figure["per_second"])
    return figure


def court_intake(world, n: int) -> dict:
    """Court referrals pushed through the API, each opening a listing case and its flow."""
    from workflows.listing.models import Court

    user = world.user("bench_court")
    court = Court.objects.create(
        code="650100-ZY", name="乌鲁木齐市中级人民法院", user=user,
        bureau=Bureau.objects.get(code="650000"),
    )  # fmt: skip
    token, _ = Token.objects.get_or_create(user=court.user)
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {token.key}")
    subjects = list(Subject.objects.order_by("-pk")[:n])

    def post(i: int, subject: Subject, code: str = court.code) -> int:
        body = {
            "court_code": code, "court_name": court.name,
            "court_case_number": f"（2026）新01民初{90000 + i}号",
            "judgment_number": f"（2026）新01民初{90000 + i}号民事判决书",
            "judgment_date": "2026-03-02", "uscc": subject.uscc, "subject_name": subject.name,
            "cause": "生产销售不符合食品安全标准的食品",
        }  # fmt: skip
        return client.post("/api/v1/court-referrals/", body, content_type="application/json")

    start = time.perf_counter()
    for i, subject in enumerate(subjects):
        response = post(i, subject)
        if response.status_code != 201:
            raise RuntimeError(
                f"court referral answered {response.status_code}: {response.content}"
            )
    rate = n / (time.perf_counter() - start)
    start = time.perf_counter()
    for i, subject in enumerate(subjects):
        if post(i, subject, code="650100-XX").status_code != 400:
            raise RuntimeError("the refused court referral was not refused")
    base = n / (time.perf_counter() - start)
    return {
        "referrals": n, "per_second": round(rate, 1), "baseline_per_second": round(base, 1),
        "cost_ratio": ratio(base, rate),
    }  # fmt: skip


def pdf_rendering(world, n: int) -> dict:
    """Issue documents (numbered, queued) and render them here, timing the rendering."""
    from weasyprint import HTML

    cases = list(Case.objects.filter(bureau__code="650100").order_by("pk")[:n])
    samples, base = [], []
    for case in cases:
        with transaction.atomic():
            document = document_issue(
                case=case, kind="bench_notice", title="信用修复决定书", number_word="信修决",
                context={"addressee": case.subject.name if case.subject else "",
                         "paragraphs": [case.summary] * 6, "issuer": case.bureau.name},
                actor=world.user("leader0_650100"),
            )  # fmt: skip
        start = time.perf_counter()
        document_render(document.pk)
        samples.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        HTML(string="<p>信用</p>").write_pdf()
        base.append((time.perf_counter() - start) * 1000)
    figure = latency(samples)
    figure["baseline"] = latency(base)
    figure["ratio_p95"] = ratio(figure["p95_ms"], figure["baseline"]["p95_ms"])
    return figure
