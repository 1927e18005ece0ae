"""Reads of the credit-alliance procedure."""

from workflows.alliance.models import Membership
from workflows.core.models import Subject


def is_member(subject: Subject) -> bool:
    """True when the subject is an alliance member in good standing (incentives apply).

    Other procedures read this (the pledge procedure lowers its sampling ratio);
    a suspended member, under review, is not one.
    """
    return Membership.objects.filter(subject=subject, state=Membership.State.MEMBER).exists()
