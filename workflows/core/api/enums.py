"""Choice fields that appear in the OpenAPI schema as an enum component of a chosen name.

Several models have a ``status`` (cases, deadlines, soon documents) with different
choices; drf-spectacular would name those enums by hash and warn. Naming them here
keeps ``spectacular --fail-on-warn`` passing and client code readable
(``CaseStatusEnum``, ``DeadlineStatusEnum``).
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_description_list
from rest_framework import serializers


class NamedChoiceField(serializers.ChoiceField):
    def __init__(self, *, enum_name: str, **kwargs) -> None:
        self.enum_name = enum_name
        super().__init__(**kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction) -> dict:
        choices = self.target.choices
        return {
            "type": "string",
            "enum": list(choices),
            "description": build_choice_description_list(choices.items()),
        }
