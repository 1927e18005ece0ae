"""The suite runs against the real services production uses, not stand-ins."""

import os
import shutil
import subprocess
import uuid

import pytest
from django.db import connection
from elasticsearch.dsl import Document, Keyword, Text

from search.client import get_client, index_name
from workflows.core.models import Bureau
from workflows.core.pdf import render_pdf
from workflows.core.tasks import ping


@pytest.mark.django_db
def test_models_round_trip_through_postgresql():
    assert connection.vendor == "postgresql"
    bureau = Bureau.objects.get(code="653100")
    bureau.name_en = "Kashgar Prefecture AMR"
    bureau.save(update_fields=["name_en"])
    assert Bureau.objects.get(code="653100").name_en == "Kashgar Prefecture AMR"
    assert Bureau.objects.filter(kind=Bureau.Kind.PREFECTURE).count() == 14


def test_celery_task_runs_in_a_real_worker_through_redis(settings, celery_worker_process):
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    result = ping.apply_async(args=["你好"], queue=celery_worker_process["queue"])
    reply = result.get(timeout=30)
    assert reply["payload"] == "你好"
    assert reply["pid"] == celery_worker_process["pid"]
    assert reply["pid"] != os.getpid()


class SmokeNote(Document):
    title = Text(analyzer="standard", fields={"raw": Keyword()})
    uscc = Keyword()


def test_elasticsearch_indexes_and_finds_a_chinese_phrase():
    client = get_client()
    name = index_name(f"smoke-{uuid.uuid4().hex[:8]}")
    SmokeNote.init(index=name, using=client)
    try:
        SmokeNote(
            meta={"id": "1"},
            title="乌鲁木齐天山雪莲商贸有限公司申请信用修复",
            uscc="91650102MA7XK3Q1XX",
        ).save(index=name, using=client, refresh=True)
        SmokeNote(
            meta={"id": "2"},
            title="喀什古城文化旅游发展有限公司列入严重违法失信名单",
            uscc="91653101MA7C5GJ2XX",
        ).save(index=name, using=client, refresh=True)

        hits = (
            SmokeNote.search(index=name, using=client)
            .query("match_phrase", title="信用修复")
            .execute()
        )
        assert [hit.meta.id for hit in hits] == ["1"]

        # The characters of the phrase in another order are not the phrase.
        assert (
            SmokeNote.search(index=name, using=client)
            .query("match_phrase", title="修复信用")
            .count()
            == 0
        )
        # Exact names go through the keyword sub-field.
        assert (
            SmokeNote.search(index=name, using=client)
            .filter("term", **{"title.raw": "喀什古城文化旅游发展有限公司列入严重违法失信名单"})
            .count()
            == 1
        )
    finally:
        client.indices.delete(index=name)


def test_weasyprint_pdf_embeds_a_cjk_font_and_keeps_the_text(tmp_path):
    pdf = render_pdf(
        "core/pdf/document.html",
        {
            "title": "信用修复受理通知书",
            "doc_number": "乌市监信修〔2026〕1号",
            "paragraphs": ["乌鲁木齐天山雪莲商贸有限公司：你单位提交的信用修复申请，本局已受理。"],
            "issuer": "乌鲁木齐市市场监督管理局",
            "issued_on": "2026年11月26日",
        },
    )
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    assert shutil.which("pdftotext"), "poppler-utils must be installed (make test installs it)"

    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    compact = "".join(text.split())
    assert "信用修复受理通知书" in compact
    assert "乌鲁木齐天山雪莲商贸有限公司" in compact
    assert "乌市监信修〔2026〕1号" in compact

    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    font_rows = fonts.splitlines()[2:]
    assert any("CJK" in row or "WenQuanYi" in row for row in font_rows), fonts
    # Every font WeasyPrint used is embedded (column "emb" is "yes").
    assert all(" yes " in row for row in font_rows), fonts
