"""Uploaded materials are judged by their content (PDF, JPEG, PNG), never by their name."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageFile

from forms.validators import clean_upload_name, inspect_upload
from workflows.core.pdf import render_pdf

MAX = 1024 * 1024

#: The smallest well-formed PDF: one empty page, a cross-reference table, %%EOF.
MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n"
    b"0000000052 00000 n \n0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n167\n%%EOF\n"
)


def image_bytes(fmt: str, size=(64, 48), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(buffer, fmt)
    return buffer.getvalue()


def refusal(name: str, content: bytes, max_bytes: int = MAX) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        inspect_upload(name, content, max_bytes=max_bytes)
    return excinfo.value


def test_a_real_pdf_document_is_accepted_with_its_checksum():
    content = render_pdf(
        "core/pdf/document.html",
        {"title": "信用修复申请书", "paragraphs": ["申请人：乌鲁木齐天山雪莲商贸有限公司"]},
    )
    upload = inspect_upload("信用修复申请书.pdf", content, max_bytes=MAX)
    assert upload == {
        "name": "信用修复申请书.pdf",
        "content": content,
        "content_type": "application/pdf",
        "extension": "pdf",
        "sha256": hashlib.sha256(content).hexdigest(),
    }


def test_a_minimal_hand_written_pdf_is_accepted():
    assert inspect_upload("承诺书.pdf", MINIMAL_PDF, max_bytes=MAX)["extension"] == "pdf"


@pytest.mark.parametrize(
    ("fmt", "content_type", "extension"),
    [("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpg")],
)
def test_real_png_and_jpeg_images_are_accepted(fmt, content_type, extension):
    upload = inspect_upload(f"营业执照.{extension}", image_bytes(fmt), max_bytes=MAX)
    assert (upload["content_type"], upload["extension"]) == (content_type, extension)


def test_a_png_named_pdf_is_accepted_as_the_png_it_is():
    upload = inspect_upload("年报截图.pdf", image_bytes("PNG"), max_bytes=MAX)
    assert (upload["content_type"], upload["extension"]) == ("image/png", "png")
    assert upload["name"] == "年报截图.pdf"  # the given name is kept as data only


def test_a_text_file_named_pdf_is_refused_naming_the_rule():
    error = refusal("整改说明.pdf", "已整改完毕，特此说明。".encode())
    assert error.code == "upload_type"
    assert error.params == {"name": "整改说明.pdf"}


@pytest.mark.parametrize(
    "content",
    [
        MINIMAL_PDF[: len(MINIMAL_PDF) // 2],  # cut in the middle: no %%EOF
        MINIMAL_PDF[:-7],  # the end marker itself cut off
    ],
)
def test_a_truncated_pdf_is_refused(content):
    assert refusal("申请书.pdf", content).code == "upload_broken"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_truncated_image_is_refused(fmt):
    # Even with Pillow told to load truncated images, as WeasyPrint (imported here by
    # the PDF renderer) tells it for the whole process.
    assert ImageFile.LOAD_TRUNCATED_IMAGES
    content = image_bytes(fmt, size=(400, 300))
    assert refusal("照片.img", content[: len(content) // 2]).code == "upload_broken"


def test_a_file_over_the_limit_is_refused_before_anything_else():
    content = MINIMAL_PDF + b"%" * MAX  # a valid PDF start, but too large
    error = refusal("证明材料.pdf", content)
    assert error.code == "upload_too_large"
    assert error.params["name"] == "证明材料.pdf"
    assert error.params["max"] == 1.0


def test_a_file_exactly_at_the_limit_is_accepted():
    assert inspect_upload("a.pdf", MINIMAL_PDF, max_bytes=len(MINIMAL_PDF))["name"] == "a.pdf"


def test_a_jpeg_with_data_after_its_end_marker_is_accepted():
    content = image_bytes("JPEG") + b"\x00" * 16  # padding some scanners append
    assert inspect_upload("扫描件.jpg", content, max_bytes=MAX)["content_type"] == "image/jpeg"


def test_an_empty_file_is_refused():
    assert refusal("空文件.pdf", b"").code == "upload_empty"


def test_a_decompression_bomb_png_is_refused_though_tiny_on_disk():
    # 20000 × 20000 one-bit pixels: some 50 KB compressed, 400 million pixels when
    # decoded — over twice Pillow's MAX_IMAGE_PIXELS, so opening it raises at once.
    bomb = image_bytes("PNG", size=(20000, 20000), mode="1")
    assert len(bomb) < 100_000
    assert Image.MAX_IMAGE_PIXELS * 2 < 20000 * 20000
    error = refusal("bomb.png", bomb)
    assert error.code == "upload_broken"
    assert isinstance(error.__cause__, Image.DecompressionBombError)


def test_an_image_between_one_and_two_times_the_pixel_limit_is_refused_too():
    # Pillow only warns here; the warning is turned into a refusal.
    side = int((1.5 * Image.MAX_IMAGE_PIXELS) ** 0.5)
    error = refusal("big.png", image_bytes("PNG", size=(side, side), mode="1"))
    assert error.code == "upload_broken"
    assert isinstance(error.__cause__, Image.DecompressionBombWarning)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\x\\y.pdf", "y.pdf"),
        ("/var/www/../../信用修复申请书.pdf", "信用修复申请书.pdf"),
        ("..", "upload"),
        ("", "upload"),
    ],
)
def test_directory_parts_are_dropped_from_the_name(given, stored):
    assert clean_upload_name(given) == stored
    assert inspect_upload(given, MINIMAL_PDF, max_bytes=MAX)["name"] == stored


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        # GBK-era names arrive decoded; Chinese characters are kept as they are.
        ("信用修复申请书（盖章版）.pdf".encode("gbk").decode("gbk"), "信用修复申请书(盖章版).pdf"),
        ("守信承诺书\u3000终稿.pdf", "守信承诺书 终稿.pdf"),  # ideographic space → space
        ("ｎｉａｎｂａｏ２０２５．ｐｄｆ", "nianbao2025.pdf"),  # full-width → NFKC
        ("营业执照\u200b\u202egpj.pdf", "营业执照gpj.pdf"),  # zero-width and RTL override dropped
        ("说明\r\n\t材料.pdf", "说明材料.pdf"),  # control characters dropped
        ("艾力江·吐尔逊的证明.PDF", "艾力江·吐尔逊的证明.PDF"),
        ("e\u0301tat.png", "\u00e9tat.png"),  # combining accent composed
    ],
)
def test_unicode_names_are_kept_readable(given, stored):
    assert clean_upload_name(given) == stored


def test_a_very_long_name_is_cut_to_255_characters():
    assert len(clean_upload_name("申" * 300 + ".pdf")) == 255
