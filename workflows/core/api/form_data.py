"""JSON bodies for the Django forms that validate some API requests.

A Django form expects text; a JSON body may hold ``true``, a list or an object where
text belongs, and the form's fields would fail on it with a server error. ``form_data``
answers such a body with a 400 naming each field, and gives numbers as text.
"""

from collections.abc import Mapping

from django import forms
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError


def form_data(data, form_class=None) -> dict:
    """The request body as a form's data (raises a 400 ``ValidationError``). With the
    ``form_class``, its check boxes take true/false and its multiple choices a list of
    texts; every other value must be text or a number."""
    if not isinstance(data, Mapping):
        raise ValidationError({"non_field_errors": [_("Send one JSON object.")]})
    fields = form_class.base_fields if form_class is not None else {}
    cleaned, errors = {}, {}
    for name, value in data.items():
        field = fields.get(name)
        added = form_class is not None and field is None  # a field the form adds itself
        if added or (isinstance(field, forms.BooleanField) and isinstance(value, bool)):
            cleaned[name] = value
        elif _takes_many(field) and isinstance(value, list):
            if any(isinstance(item, bool | list | dict) for item in value):
                errors[name] = [_("Send a list of texts here.")]
            cleaned[name] = [str(item) for item in value if item is not None]
        elif isinstance(value, bool | list | dict):
            errors[name] = [_("Send text here, not a list, an object or true/false.")]
        else:
            cleaned[name] = "" if value is None else value if isinstance(value, str) else str(value)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _takes_many(field) -> bool:
    """A multiple choice, of values or of model rows (check boxes, multi-selects)."""
    many = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
    return (
        isinstance(field, many)
        or getattr(field, "widget", None) is not None
        and getattr(field.widget, "allow_multiple_selected", False)
    )
