"""Official documents: 文号 under lock, PDF with SHA-256, versions, guarded download."""

import hashlib
import logging
import subprocess
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone, translation

from tests.factories import SubjectFactory, UserFactory, bureau
from tests.workflows.core.task_queue import QueuedTask, private_queue, routed_to
from workflows.core.models import AuditEvent, Case, CaseDocument
from workflows.core.models.documents import safe_file_stem
from workflows.core.roles import Role
from workflows.core.services.cases import case_open
from workflows.core.services.documents import (
    TAMPERED_MESSAGE,
    document_due_ids,
    document_issue,
    document_reissue,
    document_render,
)
from workflows.core.tasks import render_document

RENDER = "workflows.core.tasks.render_document"
TITLE = "信用修复受理通知书"


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """Documents rendered in this process go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _clerk(username: str, code: str):
    return UserFactory(username=username, bureau=bureau(code), roles=[Role.CLERK])


def _case(code: str = "650100") -> Case:
    return case_open(
        procedure="repair",
        bureau=bureau(code),
        source=Case.Source.APPLICATION,
        actor=None,
        subject=SubjectFactory(region=bureau(code)),
    )


def _issue(case: Case, *, kind="repair.accept_notice", word="信修受", actor=None) -> CaseDocument:
    return document_issue(
        case=case,
        kind=kind,
        title=TITLE,
        number_word=word,
        template_name="core/pdf/document.html",
        context={
            "addressee": case.subject.name,
            "paragraphs": ["你单位提交的信用修复申请材料齐全，符合法定形式，本局决定予以受理。"],
            "issuer": "乌鲁木齐市市场监督管理局",
        },
        actor=actor,
    )


def _year() -> int:
    return timezone.localtime().year


def _pdf_text(path: Path) -> str:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return "".join(text.split())


def _events(case: Case) -> list[str]:
    return list(
        AuditEvent.objects.filter(case=case).order_by("seq").values_list("event_type", flat=True)
    )


@pytest.mark.django_db
def test_issuing_a_document_takes_its_number_and_schedules_rendering_after_commit(
    django_capture_on_commit_callbacks,
):
    handler = UserFactory(username="doc_handler")
    case = _case()
    with private_queue() as queue, django_capture_on_commit_callbacks(execute=True) as callbacks:
        document = _issue(case, actor=handler)
        assert queue.take() == []  # nothing is sent before the commit
    assert len(callbacks) == 1
    assert queue.take() == [QueuedTask(RENDER, [document.pk], {})]

    year = _year()
    document.refresh_from_db()
    issued_on = timezone.localtime(document.issued_at)
    assert document.doc_number == f"乌市监信修受〔{year}〕1号"
    assert (document.version, document.supersedes, document.status) == (1, None, "pending")
    assert (document.issued_by, document.file.name, document.sha256) == (handler, "", "")
    assert document.context == {
        "addressee": case.subject.name,
        "paragraphs": ["你单位提交的信用修复申请材料齐全，符合法定形式，本局决定予以受理。"],
        "issuer": "乌鲁木齐市市场监督管理局",
        "issued_on": f"{issued_on.year}年{issued_on.month}月{issued_on.day}日",
        "title": TITLE,
        "doc_number": f"乌市监信修受〔{year}〕1号",
    }
    issued = AuditEvent.objects.get(case=case, event_type="document.issued")
    assert issued.actor == handler
    assert issued.after == {
        "document": document.pk,
        "kind": "repair.accept_notice",
        "title": TITLE,
        "doc_number": f"乌市监信修受〔{year}〕1号",
        "version": 1,
        "template_name": "core/pdf/document.html",
    }


@pytest.mark.django_db
def test_rendered_document_is_a_pdf_with_its_sha256_title_and_doc_number(media):
    case = _case()
    document = _issue(case)
    document_render(document.pk)

    document.refresh_from_db()
    year = _year()
    assert document.status == CaseDocument.Status.RENDERED
    assert document.error == ""
    assert document.file.name == f"documents/{year}/{case.pk}/乌市监信修受_{year}_1号-v1.pdf"
    path = media / document.file.name
    content = path.read_bytes()
    assert content.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    text = _pdf_text(path)
    assert TITLE in text
    assert f"乌市监信修受〔{year}〕1号" in text
    assert f"{case.subject.name}：" in text
    assert _events(case) == ["case.opened", "document.issued", "document.rendered"]
    rendered = AuditEvent.objects.get(case=case, event_type="document.rendered")
    assert rendered.actor is None
    assert (rendered.after["sha256"], rendered.after["file"]) == (
        document.sha256,
        document.file.name,
    )


@pytest.mark.django_db
def test_rendering_a_rendered_document_again_changes_nothing(media):
    document = _issue(_case())
    document_render(document.pk)
    document.refresh_from_db()
    first = (document.file.name, document.sha256, document.rendered_at)

    document_render(document.pk)

    document.refresh_from_db()
    assert (document.file.name, document.sha256, document.rendered_at) == first
    assert sorted(p.name for p in (media / document.file.name).parent.iterdir()) == [
        Path(document.file.name).name
    ]
    assert AuditEvent.objects.filter(event_type="document.rendered").count() == 1


@pytest.mark.django_db
def test_reissue_is_version_2_with_the_same_number_and_leaves_version_1_intact(media):
    actor = UserFactory(username="reissuer")
    case = _case()
    first = _issue(case)
    document_render(first.pk)
    first.refresh_from_db()
    first_state = (first.file.name, first.sha256, first.status, first.context)

    second = document_reissue(
        document=first,
        actor=actor,
        reason="更正经营主体名称",
        context={"addressee": "乌鲁木齐更正后商贸有限公司", "paragraphs": ["更正后的正文。"]},
    )
    document_render(second.pk)

    first.refresh_from_db()
    second.refresh_from_db()
    year = _year()
    assert (second.version, second.doc_number, second.supersedes) == (2, first.doc_number, first)
    assert first.superseded_by == second
    assert (first.file.name, first.sha256, first.status, first.context) == first_state
    assert hashlib.sha256((media / first.file.name).read_bytes()).hexdigest() == first.sha256
    assert second.file.name == f"documents/{year}/{case.pk}/乌市监信修受_{year}_1号-v2.pdf"
    second_text = _pdf_text(media / second.file.name)
    assert "乌鲁木齐更正后商贸有限公司" in second_text
    assert f"乌市监信修受〔{year}〕1号" in second_text
    assert case.subject.name not in second_text
    reissued = AuditEvent.objects.get(case=case, event_type="document.reissued")
    assert (reissued.actor, reissued.comment) == (actor, "更正经营主体名称")
    assert (reissued.before["version"], reissued.after["version"]) == (1, 2)

    with pytest.raises(ValueError, match="already been superseded"):
        document_reissue(document=first, actor=actor, reason="again")
    with pytest.raises(ValueError, match="needs a reason"):
        document_reissue(document=second, actor=actor, reason="  ")


@pytest.mark.django_db
def test_reissue_without_context_renders_the_frozen_data_of_the_previous_version(media):
    case = _case()
    first = _issue(case)
    addressee = case.subject.name
    # The register changes after issuing: the reissue keeps the data the first one froze.
    case.subject.name = "乌鲁木齐改名以后商贸有限公司"
    case.subject.save(update_fields=["name"])
    second = document_reissue(document=first, actor=None, reason="原件损毁")
    assert second.context == first.context
    document_render(second.pk)

    second.refresh_from_db()
    assert second.status == CaseDocument.Status.RENDERED
    text = _pdf_text(media / second.file.name)
    assert f"{addressee}：" in text
    assert "乌鲁木齐改名以后商贸有限公司" not in text
    assert f"乌市监信修受〔{_year()}〕1号" in text


@pytest.mark.django_db
def test_documents_are_numbered_per_bureau_year_and_kind():
    urumqi_a, urumqi_b, kashgar = _case(), _case(), _case("653100")
    year = _year()
    numbers = [
        _issue(urumqi_a).doc_number,
        _issue(urumqi_b).doc_number,
        _issue(urumqi_a, kind="repair.decision", word="信修决").doc_number,
        _issue(kashgar).doc_number,
    ]
    assert numbers == [
        f"乌市监信修受〔{year}〕1号",
        f"乌市监信修受〔{year}〕2号",
        f"乌市监信修决〔{year}〕1号",
        f"喀地市监信修受〔{year}〕1号",
    ]


@pytest.mark.django_db
def test_kinds_sharing_a_number_word_share_one_series_and_never_collide():
    case = _case()
    first = _issue(case, kind="repair.accept_notice", word="信修受").doc_number
    second = _issue(case, kind="repair.refuse_notice", word="信修受").doc_number
    assert (first, second) == (f"乌市监信修受〔{_year()}〕1号", f"乌市监信修受〔{_year()}〕2号")


@pytest.mark.django_db
def test_a_second_document_of_the_same_kind_for_a_case_must_be_a_reissue():
    case = _case()
    _issue(case)
    with pytest.raises(ValueError, match="re-issue it"):
        _issue(case)
    assert CaseDocument.objects.filter(case=case).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_gapless_numbers():
    assert connection.vendor == "postgresql"
    cases = [_case() for _ in range(8)]
    documents: list[CaseDocument] = []
    errors: list[Exception] = []
    start = threading.Barrier(len(cases))

    def issue(case: Case) -> None:
        try:
            start.wait()
            documents.append(_issue(case))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    with private_queue() as queue:
        threads = [threading.Thread(target=issue, args=[case]) for case in cases]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        queued = queue.take()

    assert errors == []
    year = _year()
    assert sorted(d.doc_number for d in documents) == sorted(
        f"乌市监信修受〔{year}〕{n}号" for n in range(1, 9)
    )
    # Every committed issue scheduled its rendering once.
    assert sorted(task.args[0] for task in queued) == sorted(d.pk for d in documents)


@pytest.mark.django_db
def test_a_failed_render_marks_the_document_failed_and_a_retry_renders_it(settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker  # the storage cannot create documents/… under a file
    case = _case()
    document = _issue(case)

    with pytest.raises(NotADirectoryError):
        document_render(document.pk)

    document.refresh_from_db()
    assert document.status == CaseDocument.Status.FAILED
    assert document.error.startswith("NotADirectoryError: [Errno 20] Not a directory")
    assert (document.file.name, document.sha256, document.rendered_at) == ("", "", None)
    failed = AuditEvent.objects.get(case=case, event_type="document.render_failed")
    assert failed.after == {
        "document": document.pk,
        "status": "failed",
        "error": document.error,
        "render_failures": 1,
        "retry_at": document.retry_at.isoformat(),
    }

    settings.MEDIA_ROOT = tmp_path / "media"
    document_render(document.pk)
    document.refresh_from_db()
    assert (document.status, document.error) == (CaseDocument.Status.RENDERED, "")


@pytest.mark.django_db(transaction=True)
def test_render_task_retries_three_times_in_the_worker_then_gives_up(celery_worker_process):
    case = _case()
    with private_queue():  # the render scheduled on commit is discarded with the queue
        document = _issue(case)
    # A template lost in a deployment: every attempt fails.
    CaseDocument.objects.filter(pk=document.pk).update(template_name="core/pdf/missing.html")

    result = render_document.apply_async(args=[document.pk], queue=celery_worker_process["queue"])
    result.get(timeout=60, propagate=False)

    assert result.state == "FAILURE"
    # The first attempt and three retries, each recorded.
    assert AuditEvent.objects.filter(case=case, event_type="document.render_failed").count() == 4
    document.refresh_from_db()
    assert document.status == CaseDocument.Status.FAILED
    assert document.error == "TemplateDoesNotExist: core/pdf/missing.html"
    # The quick retries are one dispatch: one failure for the sweep's doubling backoff.
    assert document.render_failures == 1
    assert document.retry_at is not None


@pytest.mark.django_db
def test_the_sweep_tries_a_failed_document_again_with_a_doubling_backoff_then_leaves_it(
    settings, tmp_path
):
    """A long storage outage: each failure waits twice as long for the sweep (5, 10, 20
    minutes), up to DOCUMENT_RENDER_ATTEMPTS failures; once storage is back, the due
    attempt renders the document."""
    settings.DOCUMENT_RENDER_ATTEMPTS = 4
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker
    with time_machine.travel(datetime(2026, 12, 4, 2, 0, tzinfo=UTC), tick=False) as clock:
        document = _issue(_case())
        clock.shift(timedelta(seconds=61))
        waits = []
        for _attempt in range(4):
            assert document_due_ids() == [document.pk]  # pending, or failed and due
            with pytest.raises(NotADirectoryError):
                document_render(document.pk)
            document.refresh_from_db()
            if document.retry_at is None:
                break
            waits.append((document.retry_at - timezone.now()).total_seconds())
            clock.shift(timedelta(seconds=waits[-1] - 1))
            assert document_due_ids() == []  # not before its time
            clock.shift(timedelta(seconds=1))
        assert waits == [300, 600, 1200]
        assert (document.render_failures, document.retry_at) == (4, None)
        clock.shift(timedelta(days=30))
        assert document_due_ids() == []  # left to an admin

        settings.MEDIA_ROOT = tmp_path / "media"
        CaseDocument.objects.filter(pk=document.pk).update(retry_at=timezone.now())
        [due] = document_due_ids()
        document_render(due)
    document.refresh_from_db()
    assert document.status == CaseDocument.Status.RENDERED


@pytest.mark.django_db
def test_an_admin_sends_a_failed_document_to_rendering_again(
    settings, tmp_path, admin_client, django_capture_on_commit_callbacks
):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker
    case = _case()
    document, rendered = _issue(case), _issue(case, kind="repair.other", word="信修他")
    with pytest.raises(NotADirectoryError):
        document_render(document.pk)
    settings.MEDIA_ROOT = tmp_path / "media"
    document_render(rendered.pk)

    with private_queue() as queue:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                "/admin/core/casedocument/",
                {"action": "render_again", "_selected_action": [document.pk, rendered.pk]},
                follow=True,
            )
        queued = queue.take()
    assert "已将1份失败文书重新送去生成PDF。" in response.content.decode()
    assert queued == [QueuedTask(RENDER, [document.pk], {})]
    requested = AuditEvent.objects.get(case=case, event_type="document.render_requested")
    assert requested.actor.username == "admin"
    assert requested.after == {"document": document.pk, "doc_number": document.doc_number}


def test_file_names_keep_letters_and_digits_of_the_doc_number_only():
    assert safe_file_stem("乌市监信修受〔2026〕3号") == "乌市监信修受_2026_3号"
    assert safe_file_stem("../../etc/passwd") == "etc_passwd"
    assert safe_file_stem("a\\b/c\x00d e") == "a_b_c_d_e"
    assert safe_file_stem("〔〕") == "document"
    assert len(safe_file_stem("长" * 200)) == 50


@pytest.mark.django_db(transaction=True)
def test_issued_document_is_rendered_by_a_real_worker_after_commit(celery_worker_process):
    case = _case()
    with routed_to(celery_worker_process["queue"]):
        document = _issue(case)  # commits; on_commit sends the task to the worker

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status != CaseDocument.Status.PENDING:
            break
        time.sleep(0.2)
    try:
        assert document.status == CaseDocument.Status.RENDERED, document.error
        path = Path(django_settings.MEDIA_ROOT) / document.file.name
        content = path.read_bytes()
        assert content.startswith(b"%PDF")
        assert hashlib.sha256(content).hexdigest() == document.sha256
        assert f"乌市监信修受〔{_year()}〕1号" in _pdf_text(path)
    finally:
        if document.file:
            document.file.delete(save=False)


# --- Download ------------------------------------------------------------------


@pytest.fixture
def rendered(media) -> CaseDocument:
    document = _issue(_case())
    document_render(document.pk)
    document.refresh_from_db()
    return document


@pytest.mark.django_db
def test_download_serves_the_pdf_to_a_user_of_the_cases_bureau(client, rendered, media):
    client.force_login(_clerk("urumqi_clerk", "650100"))
    response = client.get(f"/documents/{rendered.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    name = f"{rendered.doc_number}-v1.pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    assert b"".join(response.streaming_content) == (media / rendered.file.name).read_bytes()


@pytest.mark.django_db
def test_download_is_refused_to_a_user_of_another_prefecture(client, rendered):
    client.force_login(_clerk("kashgar_clerk", "653100"))
    assert client.get(f"/documents/{rendered.pk}/download/").status_code == 404


@pytest.mark.django_db
def test_regional_staff_download_any_bureaus_document(client, rendered):
    client.force_login(_clerk("region_staff", "650000"))
    assert client.get(f"/documents/{rendered.pk}/download/").status_code == 200


@pytest.mark.django_db
def test_download_of_a_document_not_yet_rendered_is_404(client, media):
    document = _issue(_case())
    client.force_login(_clerk("early_clerk", "650100"))
    assert client.get(f"/documents/{document.pk}/download/").status_code == 404


@pytest.mark.django_db
def test_download_requires_login(client, rendered):
    response = client.get(f"/documents/{rendered.pk}/download/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_download_of_an_altered_file_is_refused_with_409_and_logged(
    client, rendered, media, caplog
):
    path = media / rendered.file.name
    path.write_bytes(path.read_bytes().replace(b"%PDF", b"%PDF ", 1))
    client.force_login(_clerk("wary_clerk", "650100"))

    with caplog.at_level(logging.ERROR, logger="workflows.core.views"):
        response = client.get(f"/documents/{rendered.pk}/download/")

    assert response.status_code == 409
    with translation.override("zh-hans"):
        assert response.content.decode() == str(TAMPERED_MESSAGE)
    [record] = [r for r in caplog.records if r.name == "workflows.core.views"]
    assert record.levelno == logging.ERROR
    assert rendered.doc_number in record.getMessage()
    assert "does not match" in record.getMessage()


@pytest.mark.django_db
def test_download_of_a_missing_file_is_refused_with_409(client, rendered, media):
    (media / rendered.file.name).unlink()
    client.force_login(_clerk("lost_clerk", "650100"))
    assert client.get(f"/documents/{rendered.pk}/download/").status_code == 409
