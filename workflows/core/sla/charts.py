"""Plotly figures of the dashboard; every point carries the URL of the rows behind it.

plotly.js comes from the ``plotly`` wheel (``plotly/package_data/plotly.min.js``),
served by ``plotly_js`` with a long cache life, so the charts work offline and no
front-end build is needed. The figures are written as the plain JSON that plotly.js
reads (what ``plotly.graph_objects`` would produce, with its default template): the
graph objects validated every value and cost tens of milliseconds a page.
"""

import json
from collections import defaultdict
from functools import cache
from pathlib import Path

import plotly
import plotly.io
import plotly.utils
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


@cache
def _template() -> dict:
    """plotly's default template (colours, grid), as graph objects would embed it."""
    template = plotly.io.templates["plotly"].to_plotly_json()
    return json.loads(json.dumps(template, cls=plotly.utils.PlotlyJSONEncoder))


def _layout(title: str, **extra) -> dict:
    return {
        "template": _template(),
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


def _figure(layout: dict, *traces: dict) -> dict:
    return {"data": list(traces), "layout": layout}


def _bar(name: str, x: list, y: list, customdata: list, colour: str, **extra) -> dict:
    return {"type": "bar", "name": name, "x": x, "y": y, "customdata": customdata,
            "marker": {"color": colour}, **extra}  # fmt: skip


def open_steps_chart(rows: list[dict], link) -> dict:
    """Open steps per bureau, stacked by status. ``link(bureau, status)`` gives the URL."""
    bureaus = sorted({(r["bureau"], r["bureau_name"]) for r in rows})
    counts = defaultdict(int)
    for row in rows:
        counts[(row["bureau"], row["status"])] += row["count"]
    x = [short(name) for _code, name in bureaus]
    bars = [
        _bar(
            str(status.label),
            x,
            [counts[(code, status)] for code, _name in bureaus],
            [link(code, str(status)) for code, _name in bureaus],
            STATUS_COLOURS[status],
        )
        for status in (S.OVERDUE, S.DUE_SOON, S.PAUSED, S.ON_TRACK)
    ]
    return _figure(_layout(_("Open steps by bureau"), barmode="stack"), *bars)


def compliance_chart(rows: list[dict], link) -> dict:
    """Step compliance (%) per bureau over the period; ``link(bureau)``."""
    by_bureau: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        totals = by_bureau[(row["bureau"], row["bureau_name"])]
        totals[0] += row["steps_met"]
        totals[1] += row["steps_total"]
    keys = sorted(k for k, (_met, total) in by_bureau.items() if total)
    bar = _bar(
        _("On time"),
        [short(name) for _code, name in keys],
        [round(100 * by_bureau[k][0] / by_bureau[k][1], 1) for k in keys],
        [link(code) for code, _name in keys],
        "#1a73e8",
        text=[f"{by_bureau[k][0]}/{by_bureau[k][1]}" for k in keys],
    )
    return _figure(_layout(_("Steps completed on time (%)"), yaxis={"range": [0, 100]}), bar)


def trend_chart(rows: list[dict], link) -> dict:
    """Steps completed per week and the share on time; ``link(week_start)``."""
    weeks = [row["week_start"].isoformat() for row in rows]
    urls = [link(row["week_start"]) for row in rows]
    layout = _layout(
        _("Weekly trend"),
        yaxis={"title": {"text": _("Steps")}},
        yaxis2={"title": {"text": "%"}, "overlaying": "y", "side": "right", "range": [0, 100]},
    )  # fmt: skip
    rate = {
        "type": "scatter",
        "name": _("On time (%)"),
        "x": weeks,
        "y": [None if r["rate"] is None else round(100 * r["rate"], 1) for r in rows],
        "customdata": urls,
        "yaxis": "y2",
        "mode": "lines+markers",
        "line": {"color": "#188038"},
    }
    return _figure(
        layout,
        _bar(_("Completed"), weeks, [r["completed"] for r in rows], urls, "#8ab4f8"),
        _bar(_("Started"), weeks, [r["created"] for r in rows], urls, "#dadce0"),
        rate,
    )


def handling_chart(rows: list[dict], titles: dict, link) -> dict:
    """Average and 90th-percentile handling time per step against its statutory limit."""
    labels = [f"{titles.get((r['procedure'], r['step']), r['step'])}" for r in rows]
    urls = [link(r["procedure"], r["step"]) for r in rows]
    layout = _layout(
        _("Handling time per step (working days)"),
        barmode="group",
        yaxis={"title": {"text": _("Working days")}},
    )  # fmt: skip
    limit = {
        "type": "scatter", "name": _("Statutory limit"), "x": labels,
        "y": [r["limit"] for r in rows], "customdata": urls, "mode": "markers",
        "marker": {"symbol": "line-ew-open", "size": 28, "color": "#c5221f"},
    }  # fmt: skip
    return _figure(
        layout,
        _bar(_("Average"), labels, [r["average"] for r in rows], urls, "#1a73e8"),
        _bar(_("90th percentile"), labels, [r["p90"] for r in rows], urls, "#f29900"),
        limit,
    )
