"""One row of a subject (经营主体) import: its columns and their validation.

Written for the registration system's exports: 主体类型 in its own words (有限责任公司,
个人独资企业…, mapped by ``core.SubjectTypeTerm``, data an admin extends), 登记状态 as it
writes them (存续, 在业, 吊销, 注销, 迁出) and 成立日期. The USCC's category character wins
over the text, and a contradiction is reported as a warning on the row.
"""

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forms.tabular import normalize_label
from forms.validators import normalize_uscc
from workflows.core.models import Bureau, Subject, SubjectTypeTerm
from workflows.core.subject_terms import REG_STATUS_TERMS

# Column field -> the header texts that mean it (matched by forms.tabular.normalize_label).
SUBJECT_COLUMNS: dict[str, tuple[str, ...]] = {
    "uscc": ("统一社会信用代码", "uscc"),
    "name": ("名称", "name"),
    "legal_rep": ("法定代表人", "legal_rep"),
    "subject_type": ("主体类型", "subject_type"),
    "reg_authority": ("登记机关", "reg_authority"),
    "region_code": ("所属地区代码", "region_code"),
    "address": ("住所", "address"),
    "status": ("登记状态", "status"),
    "established_on": ("成立日期", "established_on"),
}
REQUIRED_SUBJECT_COLUMNS = ("uscc", "name", "legal_rep", "region_code")

#: Our own codes are accepted beside the registration system's words.
_OWN_TYPES = {choice.value: choice.value for choice in Subject.Type}
REG_STATUSES: dict[str, str] = {
    normalize_label(term): status for term, status in REG_STATUS_TERMS
} | {choice.value: choice.value for choice in Subject.RegStatus}
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def subject_type_terms() -> dict[str, str]:
    """{normalised term: subject type} of the 主体类型 words the system knows."""
    terms = {
        normalize_label(term): kind
        for term, kind in SubjectTypeTerm.objects.values_list("term", "subject_type")
    }
    return terms | _OWN_TYPES


# Optional column -> Subject field; written only when the file has the column.
_OPTIONAL_FIELDS = {
    "reg_authority": "reg_authority", "address": "address", "status": "reg_status",
    "established_on": "established_on",
}  # fmt: skip
_REGION_CODE = re.compile(r"^\d{6}$")


class SubjectFileForm(forms.Form):
    """The upload of a registration system's export (CSV in UTF-8 or GBK, or XLSX)."""

    file = forms.FileField(label=_("Subject file (CSV or XLSX)"))


class SubjectRowForm(forms.Form):
    """One imported row; the field names are the import's column names.

    ``bureaus`` ({code: Bureau}) and ``terms`` (``subject_type_terms()``) let an importer
    load them once for all rows. ``warnings`` holds what was imported with a doubt.
    """

    uscc = forms.CharField(label=_("unified social credit code"))
    name = Subject._meta.get_field("name").formfield()
    legal_rep = Subject._meta.get_field("legal_rep").formfield()
    subject_type = forms.CharField(label=_("subject type"), required=False)
    reg_authority = Subject._meta.get_field("reg_authority").formfield()
    region_code = forms.CharField(label=_("region code"))
    address = Subject._meta.get_field("address").formfield()
    status = forms.CharField(label=_("registration status"), required=False)
    established_on = forms.DateField(
        label=_("date of establishment"), required=False, input_formats=_DATE_FORMATS
    )

    def __init__(
        self,
        *args: Any,
        bureaus: Mapping[str, Bureau] | None = None,
        terms: Mapping[str, str] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.bureaus = bureaus if bureaus is not None else {b.code: b for b in Bureau.objects.all()}
        self.terms = terms if terms is not None else subject_type_terms()
        self.warnings: list[str] = []

    def clean_uscc(self) -> str:
        return normalize_uscc(self.cleaned_data["uscc"])

    def clean_region_code(self) -> Bureau:
        """The bureau of the code: its own, or for a county its prefecture's (first 4 + "00").

        A county never falls back to the regional bureau: 6500xx is no real county.
        """
        code = unicodedata.normalize("NFKC", self.cleaned_data["region_code"]).strip()
        if not _REGION_CODE.match(code):
            raise forms.ValidationError(
                _("A region code has 6 digits; got “%(code)s”."),
                code="region_format",
                params={"code": code},
            )
        bureau = self.bureaus.get(code)
        prefecture = self.bureaus.get(code[:4] + "00")
        if bureau is None and prefecture is not None and not prefecture.is_regional:
            bureau = prefecture
        if bureau is None:
            raise forms.ValidationError(
                _("No bureau covers the region code “%(code)s”."),
                code="region_unknown",
                params={"code": code},
            )
        return bureau

    def clean_subject_type(self) -> str:
        value = self.cleaned_data["subject_type"]
        if value and normalize_label(value) not in self.terms:
            raise forms.ValidationError(
                _("“%(value)s” is not a subject type the system knows; an administrator can "
                  "add it to the subject type terms."),
                code="unknown_term",
                params={"value": value},
            )  # fmt: skip
        return self.terms.get(normalize_label(value), "") if value else ""

    def clean_status(self) -> str:
        return _choice(self.cleaned_data["status"], REG_STATUSES, default=Subject.RegStatus.ACTIVE)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "uscc" not in cleaned or "subject_type" not in cleaned:
            return cleaned
        stated, coded = cleaned["subject_type"], Subject.category_in_uscc(cleaned["uscc"])
        if coded and stated and stated != coded:
            self.warnings.append(
                _("The code's second character makes it %(coded)s; the type column says "
                  "“%(text)s” (%(stated)s). Recorded as %(coded)s.")
                % {"coded": Subject.Type(coded).label, "stated": Subject.Type(stated).label,
                   "text": self.data.get("subject_type", "")}
            )  # fmt: skip
        cleaned["subject_type"] = coded or stated or Subject.type_from_uscc(cleaned["uscc"])
        return cleaned

    def subject_data(self) -> dict[str, Any]:
        """The Subject fields to write, once the form is valid.

        An optional column the file does not have is left out, so that updating a
        subject keeps what it has (a file without 住所 does not erase addresses).
        """
        cleaned = self.cleaned_data
        data = {
            "uscc": cleaned["uscc"],
            "name": cleaned["name"],
            "legal_rep": cleaned["legal_rep"],
            "subject_type": cleaned["subject_type"],
            "region": cleaned["region_code"],
        }
        for column, field in _OPTIONAL_FIELDS.items():
            if column in self.data:
                data[field] = cleaned[column]
        return data


def _choice(value: str, choices: Mapping[str, str], *, default: str) -> str:
    if not value:
        return default
    try:
        return choices[normalize_label(value)]
    except KeyError:
        raise forms.ValidationError(
            _("“%(value)s” is not one of: %(choices)s."),
            code="invalid_choice",
            params={"value": value, "choices": ", ".join(choices)},
        ) from None
