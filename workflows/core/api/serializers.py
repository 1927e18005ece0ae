"""Read serializers of subjects and cases (the API is read-only)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflows.core.api.documents import CaseDocumentSerializer
from workflows.core.api.enums import NamedChoiceField
from workflows.core.deadlines import workdays_left
from workflows.core.models import AuditEvent, Bureau, Case, CreditRecord, Deadline, Subject
from workflows.core.workdays import Calendar


class BureauBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bureau
        fields = ("code", "name")


class SubjectBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subject
        fields = ("uscc", "name")


class SubjectListSerializer(serializers.ModelSerializer):
    region = BureauBriefSerializer()

    class Meta:
        model = Subject
        fields = (
            "uscc",
            "name",
            "subject_type",
            "legal_rep",
            "region",
            "reg_status",
            "risk_class",
        )


class CreditRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = CreditRecord
        fields = (
            "id",
            "kind",
            "state",
            "listed_on",
            "repairable_from",
            "expires_on",
            "decision_no",
            "reason",
        )


def case_status_field() -> NamedChoiceField:
    return NamedChoiceField(choices=Case.Status.choices, enum_name="CaseStatusEnum", read_only=True)


class SubjectCaseSerializer(serializers.ModelSerializer):
    status = case_status_field()

    class Meta:
        model = Case
        fields = ("id", "case_no", "procedure", "status", "opened_at")


class SubjectDetailSerializer(SubjectListSerializer):
    credit_records = CreditRecordSerializer(many=True)
    cases = SubjectCaseSerializer(
        many=True, source="visible_cases", help_text=_("Cases of this subject the caller may see.")
    )

    class Meta(SubjectListSerializer.Meta):
        fields = (
            *SubjectListSerializer.Meta.fields,
            "reg_authority",
            "established_on",
            "address",
            "contact_phone",
            "contact_email",
            "credit_records",
            "cases",
        )


class CaseListSerializer(serializers.ModelSerializer):
    subject = SubjectBriefSerializer(allow_null=True)
    bureau = BureauBriefSerializer()
    status = case_status_field()
    overdue = serializers.BooleanField(
        help_text=_("Whether the case has an open deadline that is overdue.")
    )

    class Meta:
        model = Case
        fields = (
            "id",
            "case_no",
            "procedure",
            "sub_type",
            "status",
            "source",
            "current_step",
            "subject",
            "bureau",
            "opened_at",
            "closed_at",
            "overdue",
        )


class CalendarWarningFields(serializers.Serializer):
    """A deadline counted into a year whose official holiday schedule is not entered."""

    calendar_warning = serializers.CharField(
        read_only=True,
        help_text=_(
            "Empty, or why the due date may still move: the years it was counted in "
            "without the State Council's holiday schedule (one line a year)."
        ),
    )
    unconfirmed_years = serializers.ListField(
        child=serializers.IntegerField(),
        source="unconfirmed_year_list",
        read_only=True,
        help_text=_("Those years; empty once every year of the count is confirmed."),
    )


class DeadlineSerializer(CalendarWarningFields, serializers.ModelSerializer):
    rule_code = serializers.CharField(source="rule.code")
    rule_version = serializers.IntegerField(source="rule.version")
    rule_title = serializers.CharField(source="rule.title")
    status = NamedChoiceField(
        choices=Deadline.Status.choices, enum_name="DeadlineStatusEnum", read_only=True
    )
    workdays_left = serializers.SerializerMethodField(
        help_text=_(
            "Working days after today up to and including the last day; negative when "
            "overdue, counted from the day of pausing while paused, null once the deadline "
            "is met or breached."
        )
    )

    class Meta:
        model = Deadline
        fields = (
            "id",
            "step",
            "rule_code",
            "rule_version",
            "rule_title",
            "started_on",
            "due_date",
            "due_at",
            "status",
            "calendar_warning",
            "unconfirmed_years",
            "workdays_left",
            "completed_at",
        )

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_workdays_left(self, deadline: Deadline) -> int | None:
        if deadline.status not in Deadline.OPEN_STATUSES:
            return None
        # One calendar for the whole response: each year's days are read once.
        calendar = self.context.setdefault("calendar", Calendar())
        return workdays_left(deadline, self.context["today"], calendar)


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = (
            "seq",
            "event_type",
            "actor_name",
            "occurred_at",
            "before",
            "after",
            "comment",
            "hash",
        )


class CaseDetailSerializer(CaseListSerializer):
    deadlines = DeadlineSerializer(many=True)
    documents = CaseDocumentSerializer(many=True)
    history = serializers.SerializerMethodField(
        help_text=_("The case's audit trail, oldest first (hash-chained, append-only).")
    )

    class Meta(CaseListSerializer.Meta):
        fields = (
            *CaseListSerializer.Meta.fields,
            "decision",
            "legal_basis",
            "summary",
            "deadlines",
            "documents",
            "history",
        )

    @extend_schema_field(AuditEventSerializer(many=True))
    def get_history(self, case: Case) -> list[dict]:
        events = AuditEvent.objects.filter(stream=f"case:{case.pk}").order_by("seq")
        return AuditEventSerializer(events, many=True).data
