"""Plotly figures of the dashboard; every point carries the URL of the rows behind it.

plotly.js comes from the ``plotly`` wheel (``plotly/package_data/plotly.min.js``),
served by ``plotly_js`` with a long cache life, so the charts work offline and no
front-end build is needed.
"""

import json
from collections import defaultdict
from pathlib import Path

import plotly
import plotly.graph_objects as go
from django.utils.translation import gettext as _

from workflows.core.models import Deadline

S = Deadline.Status
STATUS_COLOURS = {
    S.OVERDUE: "#c5221f",
    S.DUE_SOON: "#f29900",
    S.PAUSED: "#9aa0a6",
    S.ON_TRACK: "#188038",
}
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_VERSION = plotly.__version__


def _layout(title: str, **extra) -> dict:
    return {
        "title": {"text": title, "font": {"size": 15}},
        "margin": {"l": 50, "r": 20, "t": 40, "b": 90},
        "height": 340,
        "legend": {"orientation": "h", "y": -0.35},
        "font": {"family": "Roboto, 'Noto Sans CJK SC', sans-serif", "size": 12},
        **extra,
    }


def short(name: str) -> str:
    """乌鲁木齐市市场监督管理局 → 乌鲁木齐市 (axis labels)."""
    return name.removesuffix("市场监督管理局") or name


def _json(figure: go.Figure) -> str:
    return figure.to_json()


def open_steps_chart(rows: list[dict], link) -> str:
    """Open steps per bureau, stacked by status. ``link(bureau, status)`` gives the URL."""
    bureaus = sorted({(r["bureau"], r["bureau_name"]) for r in rows})
    counts = defaultdict(int)
    for row in rows:
        counts[(row["bureau"], row["status"])] += row["count"]
    figure = go.Figure(layout=_layout(_("Open steps by bureau"), barmode="stack"))
    for status in (S.OVERDUE, S.DUE_SOON, S.PAUSED, S.ON_TRACK):
        figure.add_bar(
            name=str(status.label),
            x=[short(name) for _code, name in bureaus],
            y=[counts[(code, status)] for code, _name in bureaus],
            customdata=[link(code, str(status)) for code, _name in bureaus],
            marker_color=STATUS_COLOURS[status],
        )
    return _json(figure)


def compliance_chart(rows: list[dict], link) -> str:
    """Step compliance (%) per bureau over the period; ``link(bureau)``."""
    by_bureau: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        totals = by_bureau[(row["bureau"], row["bureau_name"])]
        totals[0] += row["steps_met"]
        totals[1] += row["steps_total"]
    keys = sorted(k for k, (_met, total) in by_bureau.items() if total)
    figure = go.Figure(layout=_layout(_("Steps completed on time (%)"), yaxis={"range": [0, 100]}))
    figure.add_bar(
        name=_("On time"),
        x=[short(name) for _code, name in keys],
        y=[round(100 * by_bureau[k][0] / by_bureau[k][1], 1) for k in keys],
        text=[f"{by_bureau[k][0]}/{by_bureau[k][1]}" for k in keys],
        customdata=[link(code) for code, _name in keys],
        marker_color="#1a73e8",
    )
    return _json(figure)


def trend_chart(rows: list[dict], link) -> str:
    """Steps completed per week and the share on time; ``link(week_start)``."""
    weeks = [row["week_start"].isoformat() for row in rows]
    urls = [link(row["week_start"]) for row in rows]
    figure = go.Figure(
        layout=_layout(
            _("Weekly trend"),
            yaxis={"title": {"text": _("Steps")}},
            yaxis2={"title": {"text": "%"}, "overlaying": "y", "side": "right", "range": [0, 100]},
        )  # fmt: skip
    )
    figure.add_bar(
        name=_("Completed"), x=weeks, y=[r["completed"] for r in rows], customdata=urls,
        marker_color="#8ab4f8",
    )  # fmt: skip
    figure.add_bar(
        name=_("Started"), x=weeks, y=[r["created"] for r in rows], customdata=urls,
        marker_color="#dadce0",
    )  # fmt: skip
    figure.add_scatter(
        name=_("On time (%)"),
        x=weeks,
        y=[None if r["rate"] is None else round(100 * r["rate"], 1) for r in rows],
        customdata=urls,
        yaxis="y2",
        mode="lines+markers",
        line_color="#188038",
    )
    return _json(figure)


def handling_chart(rows: list[dict], titles: dict, link) -> str:
    """Average and 90th-percentile handling time per step against its statutory limit."""
    labels = [f"{titles.get((r['procedure'], r['step']), r['step'])}" for r in rows]
    urls = [link(r["procedure"], r["step"]) for r in rows]
    figure = go.Figure(
        layout=_layout(
            _("Handling time per step (working days)"),
            barmode="group",
            yaxis={"title": {"text": _("Working days")}},
        )  # fmt: skip
    )
    figure.add_bar(
        name=_("Average"), x=labels, y=[r["average"] for r in rows], customdata=urls,
        marker_color="#1a73e8",
    )  # fmt: skip
    figure.add_bar(
        name=_("90th percentile"), x=labels, y=[r["p90"] for r in rows], customdata=urls,
        marker_color="#f29900",
    )  # fmt: skip
    figure.add_scatter(
        name=_("Statutory limit"), x=labels, y=[r["limit"] for r in rows], customdata=urls,
        mode="markers", marker={"symbol": "line-ew-open", "size": 28, "color": "#c5221f"},
    )  # fmt: skip
    return _json(figure)


def as_script_data(charts: dict[str, str]) -> dict:
    """The charts as one object for the ``json_script`` filter."""
    return {name: json.loads(spec) for name, spec in charts.items()}
