"""Working-day arithmetic on the official calendar (DOMAIN.md §2.2), for API clients."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.core import holiday_law
from workflows.core.api import schema
from workflows.core.api.permissions import StaffAPIMixin
from workflows.core.workdays import add_workdays, workdays_between

MAX_COUNT = 1000
MAX_SPAN = timedelta(days=3660)  # about ten years; bounds the work of one request

_WARNING_2027 = (
    "2027年的法定节假日安排尚未录入日历，2027年的工作日按周一至周五计算。请管理员在“日历日”中录入。"
)


_OUT_OF_RANGE = _(
    "Working days are counted from %(year)d on, the years the holiday law recorded here covers."
)


class CalendarDateField(serializers.DateField):
    """An ISO date in a year the recorded holiday law covers."""

    def __init__(self, **kwargs):
        super().__init__(input_formats=["iso-8601"], **kwargs)

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if day.year < holiday_law.first_year():
            raise ValidationError(_OUT_OF_RANGE % {"year": holiday_law.first_year()})
        return day


def _iso_date(**kwargs) -> serializers.DateField:
    return CalendarDateField(**kwargs)


class AddWorkdaysQuerySerializer(serializers.Serializer):
    date = _iso_date(help_text=_("Trigger day (not counted), YYYY-MM-DD."))
    count = serializers.IntegerField(
        min_value=-MAX_COUNT,
        max_value=MAX_COUNT,
        help_text=_("Working days to add (negative: count backwards), at most 1000 either way."),
    )


class AddWorkdaysResultSerializer(serializers.Serializer):
    date = serializers.DateField()
    count = serializers.IntegerField()
    result = serializers.DateField(help_text=_("The day reached after `count` working days."))
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Years without official holiday data that the count touched."),
    )


class WorkdaysBetweenQuerySerializer(serializers.Serializer):
    start = _iso_date(help_text=_("First day (not counted), YYYY-MM-DD."))
    end = _iso_date(help_text=_("Last day (counted), YYYY-MM-DD; at most about ten years apart."))

    def validate(self, attrs: dict) -> dict:
        if abs(attrs["end"] - attrs["start"]) > MAX_SPAN:
            raise ValidationError(
                {"end": [_("The two dates may be at most %(days)d days apart.") % {
                    "days": MAX_SPAN.days}]}
            )  # fmt: skip
        return attrs


class WorkdaysBetweenResultSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    workdays = serializers.IntegerField(
        help_text=_(
            "Working days after `start` up to and including `end`; negative if end < start."
        )
    )
    warnings = serializers.ListField(child=serializers.CharField())


def _query(serializer_class, request: Request) -> dict:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class AddWorkdaysView(StaffAPIMixin, APIView):
    @extend_schema(
        tags=["calendar"],
        summary="Add working days to a date",
        parameters=[AddWorkdaysQuerySerializer],
        responses={200: AddWorkdaysResultSerializer, **schema.LIST_RESPONSES},
        examples=[
            OpenApiExample(
                "国庆节",
                value={"date": "2025-09-30", "count": 5, "result": "2025-10-14", "warnings": []},
                response_only=True,
            ),
            OpenApiExample(
                "无官方安排的年份",
                value={
                    "date": "2026-12-31",
                    "count": 1,
                    "result": "2027-01-01",
                    "warnings": [_WARNING_2027],
                },
                response_only=True,
            ),
        ],
    )
    def get(self, request: Request) -> Response:
        query = _query(AddWorkdaysQuerySerializer, request)
        try:
            result = add_workdays(query["date"], query["count"])
        except (OverflowError, LookupError):  # past year 9999, or before the law's years
            raise ValidationError(
                {"count": [_("The result falls outside the supported dates.")]}
            ) from None
        data = {**query, "result": result.value, "warnings": result.warnings}
        return Response(AddWorkdaysResultSerializer(data).data)


class WorkdaysBetweenView(StaffAPIMixin, APIView):
    @extend_schema(
        tags=["calendar"],
        summary="Count the working days between two dates",
        parameters=[WorkdaysBetweenQuerySerializer],
        responses={200: WorkdaysBetweenResultSerializer, **schema.LIST_RESPONSES},
        examples=[
            OpenApiExample(
                "国庆节",
                value={"start": "2025-09-30", "end": "2025-10-14", "workdays": 5, "warnings": []},
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        query = _query(WorkdaysBetweenQuerySerializer, request)
        result = workdays_between(query["start"], query["end"])
        data = {**query, "workdays": result.value, "warnings": result.warnings}
        return Response(WorkdaysBetweenResultSerializer(data).data)
