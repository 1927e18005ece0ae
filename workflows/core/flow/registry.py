"""Which flow runs which kind of case: each procedure's app registers its flows when
Django starts (``AppConfig.ready``), and services start them by name. The services
never import their own flows module, which imports the services back (flows → nodes →
services): the registry breaks that loop."""

from workflows.core.flow.base import CaseFlow, start_flow
from workflows.core.models import Case

_FLOWS: dict[str, type[CaseFlow]] = {}


def register_flow(name: str, flow_class: type[CaseFlow]) -> None:
    """Make ``flow_class`` the flow of ``name`` ("repair", "repair.auto_restore", …)."""
    registered = _FLOWS.setdefault(name, flow_class)
    if registered is not flow_class:
        raise ValueError(f"flow {name!r} is already {registered.__name__}")


def flow_named(name: str) -> type[CaseFlow]:
    try:
        return _FLOWS[name]
    except KeyError:
        raise LookupError(f"no flow is registered as {name!r}") from None


def start_named_flow(name: str, case: Case):
    """Start the flow registered as ``name`` for an open case."""
    return start_flow(flow_named(name), case)
