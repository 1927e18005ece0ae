"""Material UI viewsets of the core records."""

from django.utils.translation import gettext_lazy as _
from viewflow.urls import ReadonlyModelViewset

from workflows.core.models import Subject
from workflows.core.selectors import subjects_visible_to


class SubjectViewset(ReadonlyModelViewset):
    model = Subject
    title = _("Subjects")
    icon = "business"
    list_columns = ("uscc", "name", "subject_type", "legal_rep", "region", "reg_status")
    list_filter_fields = ("subject_type", "reg_status", "region")
    list_search_fields = ("uscc", "name", "legal_rep")
    list_paginate_by = 25

    def get_queryset(self, request):
        return subjects_visible_to(request.user)
