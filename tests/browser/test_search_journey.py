"""Journey 4: the auditor searches the case history in Chinese (real Elasticsearch),
narrows the hits with a facet, reads a case's timeline and exports the results."""

import csv
import io

import pytest
from playwright.sync_api import expect

from search.indexing import relay
from workflows.core.models import Case, Deadline

pytestmark = pytest.mark.django_db(transaction=True)

PHRASE = "消除不良影响"  # in the grounds of every demo application


def test_auditor_searches_filters_opens_a_timeline_and_exports(login, demo_cases, search_index):
    report = relay(refresh=True)
    assert (report.error, report.failed) == ("", 0)
    matching = Case.objects.filter(summary__contains=PHRASE)
    late = matching.filter(
        deadlines__status=Deadline.Status.OVERDUE, status=Case.Status.OPEN
    ).distinct()
    assert matching.count() > late.count() > 0

    auditor = login("auditor")
    page = auditor.go("/app/audit/search/")
    page.locator("input[name=q]").fill(PHRASE)
    page.locator("input[name=q]").press("Enter")
    expect(page.locator(".xy-total")).to_have_text(f"共{matching.count()}条结果")
    expect(page.locator(".xy-fragment mark").first).to_have_text(PHRASE)
    expect(page.locator(".xy-lag")).to_contain_text("索引已是最新")
    auditor.shot("search-1-results")

    page.locator("[data-facet=deadline] a[data-value=overdue]").click()
    expect(page.locator(".xy-total")).to_have_text(f"共{late.count()}条结果")
    hits = page.locator("tr.xy-hit")
    expect(hits).to_have_count(late.count())
    auditor.shot("search-2-overdue")

    # The export holds exactly the filtered hits.
    with page.expect_download() as download:
        page.get_by_role("link", name="导出CSV").click()
    content = download.value.path().read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    exported = sorted(row[0] for row in rows[1:] if row)
    assert exported == sorted(late.values_list("case_no", flat=True))

    first = hits.first.get_by_role("link").first
    case_no = first.inner_text()
    first.click()
    page.wait_for_url("**/app/audit/search/cases/*/")
    case = Case.objects.get(case_no=case_no)
    expect(page.locator(".xy-chain--ok")).to_be_visible()
    expect(page.locator("tr.xy-event")).to_have_count(case.events.count())
    auditor.shot("search-3-timeline")
