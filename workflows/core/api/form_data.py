"""JSON bodies for the Django forms that validate some API requests.

A Django form expects text; a JSON body may hold ``true``, a list or an object where
text belongs, and the form's fields would fail on it with a server error. ``form_data``
answers such a body with a 400 naming each field, and gives numbers as text.
"""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


def form_data(data) -> dict:
    """The request body as a form's data (raises a 400 ``ValidationError``)."""
    if not isinstance(data, Mapping):
        raise ValidationError({"non_field_errors": [_("Send one JSON object.")]})
    errors = {
        name: [_("Send text here, not a list, an object or true/false.")]
        for name, value in data.items()
        if isinstance(value, bool | list | dict)
    }
    if errors:
        raise ValidationError(errors)
    return {
        name: "" if value is None else value if isinstance(value, str) else str(value)
        for name, value in data.items()
    }
