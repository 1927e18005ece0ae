"""Subjects and cases, read-only, scoped to the caller's bureaus (DESIGN.md §4).

A record outside the caller's bureaus answers 404 exactly like one that does not
exist, so the API never tells whether it does.
"""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from forms.validators import normalize_uscc
from workflows.core.api import schema
from workflows.core.api.filters import CaseFilter, SubjectFilter
from workflows.core.api.pagination import StandardPagination
from workflows.core.api.permissions import StaffAPIMixin
from workflows.core.api.serializers import (
    CaseDetailSerializer,
    CaseListSerializer,
    SubjectDetailSerializer,
    SubjectListSerializer,
)
from workflows.core.models import Case, CaseDocument, CreditRecord, Deadline, Subject
from workflows.core.selectors import cases_visible_to, subjects_visible_to


@extend_schema_view(
    list=extend_schema(
        summary="List subjects",
        description="Subjects (经营主体) of the caller's bureaus, 25 a page, ordered by USCC.",
        responses={200: SubjectListSerializer(many=True), **schema.LIST_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="Subject with its credit records and cases",
        description="Credit records are public and all listed; cases only where the caller "
        "may see them.",
        parameters=[
            OpenApiParameter(
                "uscc",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description="Unified social credit code (full-width and lower case accepted).",
            )
        ],
        responses={200: SubjectDetailSerializer, **schema.DETAIL_RESPONSES},
        examples=[schema.SUBJECT_EXAMPLE],
    ),
)
@extend_schema(tags=["subjects"])
class SubjectViewSet(StaffAPIMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "uscc"
    filterset_class = SubjectFilter
    pagination_class = StandardPagination

    def get_serializer_class(self):
        return SubjectDetailSerializer if self.action == "retrieve" else SubjectListSerializer

    def get_queryset(self) -> QuerySet[Subject]:
        if getattr(self, "swagger_fake_view", False):
            return Subject.objects.none()
        return subjects_visible_to(self.request.user).order_by("uscc")

    def get_object(self) -> Subject:
        try:
            uscc = normalize_uscc(self.kwargs["uscc"])
        except ValidationError:
            raise Http404 from None
        queryset = self.get_queryset().prefetch_related(
            Prefetch("credit_records", CreditRecord.objects.order_by("-listed_on", "-id")),
            Prefetch(
                "cases",
                cases_visible_to(self.request.user).order_by("-opened_at", "-id"),
                to_attr="visible_cases",
            ),
        )
        subject = get_object_or_404(queryset, uscc=uscc)
        self.check_object_permissions(self.request, subject)
        return subject


@extend_schema_view(
    list=extend_schema(
        summary="List cases",
        description="Cases of the caller's bureaus, 25 a page, newest first.",
        responses={200: CaseListSerializer(many=True), **schema.LIST_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="Case with its deadlines, documents and audit history",
        parameters=[
            OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Case id.")
        ],
        responses={200: CaseDetailSerializer, **schema.DETAIL_RESPONSES},
        examples=[schema.CASE_EXAMPLE],
    ),
)
@extend_schema(tags=["cases"])
class CaseViewSet(StaffAPIMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"\d+"
    filterset_class = CaseFilter
    pagination_class = StandardPagination

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseListSerializer

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "today": timezone.localdate()}

    def get_queryset(self) -> QuerySet[Case]:
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        overdue = Deadline.objects.filter(case=OuterRef("pk"), status=Deadline.Status.OVERDUE)
        return (
            cases_visible_to(self.request.user)
            .annotate(overdue=Exists(overdue))
            .order_by("-opened_at", "-id")
        )

    def get_object(self) -> Case:
        queryset = self.get_queryset().prefetch_related(
            Prefetch("deadlines", Deadline.objects.select_related("rule").order_by("due_at", "id")),
            Prefetch("documents", CaseDocument.objects.order_by("issued_at", "id")),
        )
        case = get_object_or_404(queryset, pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, case)
        return case
