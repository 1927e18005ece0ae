"""Validators shared by every form, API serializer and importer."""

import hashlib
import io
import re
import unicodedata
import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

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


# --- uploads -------------------------------------------------------------------
#: Accepted upload types, recognised by their first bytes (never by the file name).
UPLOAD_TYPES = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
)


def clean_upload_name(name: str) -> str:
    """The bare file name a user gave, without any directory part or control characters."""
    name = unicodedata.normalize("NFKC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip(" .")
    return name[:255] or "upload"


def inspect_upload(name: str, content: bytes, *, max_bytes: int) -> dict:
    """Check an uploaded PDF, JPEG or PNG by its content; return what to store.

    Raises ValidationError naming the rule: empty, too large, a type other than the
    three (whatever its extension says), a truncated PDF, or an image that does not
    decode (including decompression bombs).
    """
    name = clean_upload_name(name)
    if not content:
        raise ValidationError(_("“%(name)s” is empty."), code="upload_empty", params={"name": name})
    if len(content) > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size).1f MB; files may be at most %(max).1f MB."),
            code="upload_too_large",
            params={"name": name, "size": len(content) / 2**20, "max": max_bytes / 2**20},
        )
    detected = next((t for t in UPLOAD_TYPES if content.startswith(t[0])), None)
    if detected is None:
        raise ValidationError(
            _(
                "“%(name)s” is not a PDF, JPEG or PNG file (judged by its content, "
                "not its name); only these are accepted."
            ),
            code="upload_type",
            params={"name": name},
        )
    _magic, content_type, extension = detected
    if extension == "pdf":
        if b"%%EOF" not in content[-2048:]:
            raise ValidationError(
                _("“%(name)s” is not a complete PDF file."), code="upload_broken",
                params={"name": name},
            )  # fmt: skip
    else:
        _check_image(name, content)
    return {
        "name": name,
        "content": content,
        "content_type": content_type,
        "extension": extension,
        "sha256": hashlib.sha256(content).hexdigest(),
    }


def _check_image(name: str, content: bytes) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                image.verify()
        if content.startswith(b"\xff\xd8") and not _jpeg_complete(content):
            raise ValueError("JPEG without its end-of-image marker after the last scan")
    except Exception as exc:
        raise ValidationError(
            _("“%(name)s” is not a readable image."), code="upload_broken", params={"name": name}
        ) from exc


def _jpeg_complete(content: bytes) -> bool:
    """Whether the last scan of a JPEG is followed by its end-of-image marker.

    ``verify()`` reads none of a JPEG's image data, and decoding cannot tell either once
    WeasyPrint (imported by the document renderer) has set Pillow's process-wide
    ``LOAD_TRUNCATED_IMAGES``. Inside a scan 0xFF is always stuffed (FF 00) or a restart
    marker, so FF D9 after the last start-of-scan means the file was not cut short.
    """
    last_scan = content.rfind(b"\xff\xda")
    return last_scan != -1 and content.find(b"\xff\xd9", last_scan + 2) != -1
