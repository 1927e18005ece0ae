"""Every field of every task form renders as an element viewflow's pages define.

viewflow 2.4 maps ``CheckboxSelectMultiple`` to ``<vf-field-checkbox-select>``, which
its open-source scripts never define: the field rendered 0 px high, with its error in an
attribute, and the pilots' formal check could not be passed (issue 18)."""

import re
from pathlib import Path

import viewflow
from django.urls import get_resolver
from viewflow.forms.renderers import WIDGET_RENDERERS

from workflows.core.flow import HumanTask
from workflows.core.flow.registry import flow_named

STATIC = Path(viewflow.__file__).parent / "static"
FLOWS = (
    "alliance", "alliance.review", "listing", "listing.abnormal_objection", "pilot",
    "pledge", "repair", "repair.auto_restore",
)  # fmt: skip


def _defined_tags() -> set[str]:
    tags = set()
    for path in STATIC.rglob("*.js"):
        tags |= set(re.findall(r"vf-field-[a-z-]+", path.read_text(errors="ignore")))
    return tags


def _tag(widget) -> str | None:
    for klass in type(widget).__mro__:
        if klass in WIDGET_RENDERERS:
            return WIDGET_RENDERERS[klass].tag
    return None


def test_every_task_form_field_renders_as_a_defined_element(db):
    assert get_resolver().url_patterns  # the flows know their URLs
    defined = _defined_tags()
    assert "vf-field-select-multiple" in defined
    undefined = []
    for name in FLOWS:
        for node in flow_named(name).instance.nodes():
            if not isinstance(node, HumanTask):
                continue
            for field_name, field in node.form_class.base_fields.items():
                tag = _tag(field.widget)
                if tag is not None and tag not in defined:
                    undefined.append(f"{name}.{node.name}.{field_name}: <{tag}>")
    assert undefined == []
