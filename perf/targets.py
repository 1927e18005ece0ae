"""The performance targets at the default scale on a two-core machine (issue 12)."""

#: (name, figure, key, limit, at most?) — the benchmark reports each as met or missed.
TARGETS = (
    ("inbox p95 ≤ 50 ms", "inbox", "p95_ms", 50, True),
    ("queue p95 ≤ 50 ms", "queue", "p95_ms", 50, True),
    ("case detail p95 ≤ 80 ms", "case_detail", "p95_ms", 80, True),
    ("task completion ≥ 100/s", "task_completion", "per_second", 100, False),
    ("task completion ≤ 1.5× bare viewflow", "task_completion", "cost_ratio", 1.5, True),
    ("outbox lag p95 ≤ 2 s", "outbox_lag", "p95_ms", 2000, True),
    ("case search p95 ≤ 150 ms", "search_cases", "p95_ms", 150, True),
    ("event search p95 ≤ 150 ms", "search_events", "p95_ms", 150, True),
    ("dashboard p95 ≤ 300 ms", "dashboard", "p95_ms", 300, True),
)


def check_targets(figures: dict) -> list[dict]:
    results = []
    for name, figure, key, limit, at_most in TARGETS:
        value = figures.get(figure, {}).get(key)
        met = value is not None and (value <= limit if at_most else value >= limit)
        rule = f"{figure}.{key} {'≤' if at_most else '≥'} {limit}"
        results.append({"name": name, "value": value, "rule": rule, "met": met})
    return results
