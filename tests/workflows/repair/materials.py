"""Real application materials for intake tests: PDF, PNG and JPEG files, and fakes."""

import hashlib
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.forms.test_uploads import MINIMAL_PDF


def png_bytes(size=(120, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size=(120, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


def pdf_bytes(extra: int = 0) -> bytes:
    """A well-formed PDF, padded with a comment to ``extra`` more bytes if asked."""
    if not extra:
        return MINIMAL_PDF
    head, tail = MINIMAL_PDF.split(b"xref\n", 1)
    return head + b"%" + b"x" * extra + b"\nxref\n" + tail


FAKE_PDF = "这不是PDF文件，只是改了扩展名的文本。".encode()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def stored_files(root) -> list[Path]:
    """Every file under the media root (none may be left by a refused application)."""
    return sorted(path for path in Path(root).rglob("*") if path.is_file())
