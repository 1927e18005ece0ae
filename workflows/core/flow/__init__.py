"""The shared workflow machinery: base flow, human-task node, lock, task views."""

from .base import CaseFlow, start_flow
from .nodes import HumanTask

__all__ = ("CaseFlow", "HumanTask", "start_flow")
