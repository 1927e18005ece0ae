"""The official documents of a case, as listed in the case detail."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from workflows.core.api.enums import NamedChoiceField
from workflows.core.models import CaseDocument


class CaseDocumentSerializer(serializers.ModelSerializer):
    status = NamedChoiceField(
        choices=CaseDocument.Status.choices, enum_name="DocumentStatusEnum", read_only=True
    )
    download_url = serializers.SerializerMethodField(
        help_text=_("Path of the PDF once rendered (checked against its SHA-256 when served).")
    )

    class Meta:
        model = CaseDocument
        fields = (
            "id",
            "kind",
            "title",
            "doc_number",
            "version",
            "status",
            "sha256",
            "issued_at",
            "download_url",
        )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, document: CaseDocument) -> str | None:
        if document.status != CaseDocument.Status.RENDERED:
            return None
        return reverse("document-download", args=[document.pk])
