"""The benchmark's JSON as the Markdown table of the README's Performance section."""

ROWS = (
    # label, figure, how to show it, baseline column
    ("Inbox, 25 rows by deadline", "inbox", "latency", "baseline_page"),
    ("Queue, 25 rows by deadline", "queue", "latency", "baseline_page"),
    ("Case detail (API)", "case_detail", "latency", "baseline_page"),
    ("SLA dashboard", "dashboard", "latency", "baseline_page"),
    ("Case search: phrase + filters + facets", "search_cases", "latency", "search_baseline"),
    ("Event search: phrase + filters + facets", "search_events", "latency", "search_baseline"),
    ("Outbox → searchable (Celery worker)", "outbox_lag", "latency", "baseline_celery_roundtrip"),
    ("PDF rendering per document", "pdf", "latency", "baseline"),
)


def _ms(figure: dict) -> str:
    return f"p50 {figure['p50_ms']:.0f} ms, p95 {figure['p95_ms']:.0f} ms"


def markdown(result: dict) -> str:
    figures = result["figures"]
    lines = [
        "| figure | result | baseline | ratio (p95) | queries |",
        "|---|---|---|---|---|",
    ]
    for label, name, _kind, base in ROWS:
        figure = figures.get(name)
        if not figure:
            continue
        baseline = figure.get(base) or figures.get(base) or {}
        lines.append(
            f"| {label} | {_ms(figure)} | {_ms(baseline) if baseline else '—'} "
            f"| {figure.get('ratio_p95', '—')} | {figure.get('queries', '—')} |"
        )
    task = figures.get("task_completion")
    if task:
        lines.append(
            f"| Task completion → next task (audit, deadlines, outbox) | {task['per_second']}/s "
            f"| bare viewflow {task['bare_per_second']}/s | {task['cost_ratio']}× cost | — |"
        )
    intake = figures.get("court_intake")
    if intake:
        lines.append(
            f"| Court-referral intake (API → listing case) | {intake['per_second']}/s "
            f"| refused request {intake['baseline_per_second']}/s "
            f"| {intake['cost_ratio']}× cost | — |"
        )
    web, celery = figures.get("web_memory"), figures.get("celery_memory")
    if web and celery:
        lines.append(
            f"| Peak memory: web worker / Celery worker child | {web['peak_mb']:.0f} MB / "
            f"{celery['child_max_mb']:.0f} MB | bare Django {web['baseline_mb']:.0f} MB "
            f"| {web['ratio']} | — |"
        )
    lines += ["", "| target | value | met |", "|---|---|---|"]
    for target in result["targets"]:
        lines.append(
            f"| {target['name']} | {target['value']} | {'yes' if target['met'] else '**no**'} |"
        )
    return "\n".join(lines)
