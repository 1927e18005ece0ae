"""Query-string filters of the API: every value is validated, a bad one is a 400."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from forms.validators import normalize_uscc
from workflows.core.models import Bureau, Case, Deadline, Subject

ISO_DATE = ["%Y-%m-%d"]


class USCCFormField(forms.CharField):
    """A USCC normalised like everywhere else (full width, lower case and blanks forgiven)."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_uscc(value) if value else value


class USCCFilter(filters.CharFilter):
    field_class = USCCFormField


class StrictBooleanField(forms.Field):
    """``true``/``false`` (or ``1``/``0``); anything else is an error, not "no filter"."""

    default_error_messages = {"invalid": _("Enter true or false.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise ValidationError(self.error_messages["invalid"], code="invalid")


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs) -> None:
        # Not django-filter's BooleanWidget, which turns unknown values into "no filter".
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class StableOrderingFilter(filters.OrderingFilter):
    """Ordering by the requested fields, then by primary key, so pages never overlap."""

    def filter(self, qs: QuerySet, value) -> QuerySet:
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


def bureau_code_filter(field_name: str, help_text) -> filters.ModelChoiceFilter:
    """A bureau by its region code; an unknown code is a 400, not an empty page."""
    schema = {"type": "string", "pattern": r"^\d{6}$", "description": help_text}
    return extend_schema_field(schema)(
        filters.ModelChoiceFilter(
            field_name=field_name,
            queryset=Bureau.objects.all(),
            to_field_name="code",
            help_text=help_text,
        )
    )


class SubjectFilter(filters.FilterSet):
    uscc = USCCFilter(
        field_name="uscc",
        help_text=_("Unified social credit code (full-width and lower case are accepted)."),
    )
    q = filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text=_("Part of the subject's name.")
    )
    region = bureau_code_filter("region", _("Region code of the subject's bureau, e.g. 650100."))
    subject_type = filters.ChoiceFilter(choices=Subject.Type.choices)
    reg_status = filters.ChoiceFilter(choices=Subject.RegStatus.choices)
    ordering = StableOrderingFilter(fields=("uscc", "name"))

    class Meta:
        model = Subject
        fields = ("uscc", "q", "region", "subject_type", "reg_status")


class CaseFilter(filters.FilterSet):
    procedure = filters.ChoiceFilter(choices=Case._meta.get_field("procedure").choices)
    status = filters.ChoiceFilter(choices=Case.Status.choices)
    source = filters.ChoiceFilter(choices=Case.Source.choices)
    bureau = bureau_code_filter("bureau", _("Region code of the case's bureau, e.g. 653100."))
    subject = USCCFilter(
        field_name="subject__uscc", help_text=_("Unified social credit code of the subject.")
    )
    opened_after = filters.DateFilter(
        field_name="opened_at",
        lookup_expr="date__gte",
        input_formats=ISO_DATE,
        help_text=_("Opened on or after this day (YYYY-MM-DD, Beijing time)."),
    )
    opened_before = filters.DateFilter(
        field_name="opened_at",
        lookup_expr="date__lte",
        input_formats=ISO_DATE,
        help_text=_("Opened on or before this day (YYYY-MM-DD, Beijing time)."),
    )
    overdue = StrictBooleanFilter(
        method="filter_overdue",
        help_text=_("true: only cases with an overdue open deadline; false: only cases without."),
    )
    ordering = StableOrderingFilter(fields=("opened_at", "case_no"))

    class Meta:
        model = Case
        fields = ("procedure", "status", "source", "bureau", "subject")

    def filter_overdue(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        overdue = Exists(
            Deadline.objects.filter(case=OuterRef("pk"), status=Deadline.Status.OVERDUE)
        )
        return qs.filter(overdue) if value else qs.exclude(overdue)
