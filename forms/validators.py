"""Validators shared by every form, API serializer and importer."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 31 characters (digits and capitals without I, O, S, V, Z), values 0..30.
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
USCC_LENGTH = 18
_REGION_CODE = re.compile(r"^\d{6}$")

# GB 11714 organisation code, the inner check at position 17.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc_check_char(first17: str) -> str:
    """The 18th character of a USCC whose first 17 characters are given."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def normalize_uscc(value: str) -> str:
    """Return the canonical USCC or raise ValidationError naming the rule that failed.

    Full-width characters, lower case and surrounding or inner blanks are forgiven by
    normalising (NFKC, upper case, blanks removed); anything else is rejected.
    """
    if value is None:
        raise ValidationError(_("The unified social credit code is required."), code="required")
    code = unicodedata.normalize("NFKC", str(value)).upper()
    code = "".join(code.split())
    if not code:
        raise ValidationError(_("The unified social credit code is required."), code="required")
    if len(code) != USCC_LENGTH:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(n)d."),
            code="uscc_length",
            params={"n": len(code)},
        )
    for position, char in enumerate(code, start=1):
        if char not in USCC_CHARS:
            raise ValidationError(
                _(
                    "Character “%(char)s” at position %(pos)d is not allowed: only digits "
                    "and capital letters except I, O, S, V and Z are used."
                ),
                code="uscc_charset",
                params={"char": char, "pos": position},
            )
    if not _REGION_CODE.match(code[2:8]):
        raise ValidationError(
            _("Positions 3–8 must be the 6-digit administrative region code; got “%(part)s”."),
            code="uscc_region",
            params={"part": code[2:8]},
        )
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("The check character (position 18) is “%(got)s” but should be “%(expected)s”."),
            code="uscc_check",
            params={"got": code[17], "expected": expected},
        )
    return code


def validate_uscc(value: str) -> None:
    """Django field validator: the stored value must already be canonical and valid."""
    if normalize_uscc(value) != value:
        raise ValidationError(
            _("Store the unified social credit code in its normalised form."),
            code="uscc_not_normalised",
        )


def org_code_check_char(body: str) -> str:
    """The GB 11714 check character of an 8-character organisation-code body."""

    def value(char: str) -> int:
        return int(char) if char.isdigit() else ord(char) - ord("A") + 10

    total = sum(value(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    return {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))


def org_code_check_ok(uscc: str) -> bool:
    """Whether positions 9–17 pass the GB 11714 organisation-code check.

    Legacy records contain exceptions, so callers warn on failure instead of rejecting.
    """
    return uscc[16] == org_code_check_char(uscc[8:16])


def build_uscc(prefix: str, region_code: str, org_body: str) -> str:
    """A valid USCC from its parts (for demo data and tests): both check characters added."""
    first17 = f"{prefix}{region_code}{org_body}{org_code_check_char(org_body)}"
    return first17 + uscc_check_char(first17)
