"""A subject's credit profile (all its records and cases on one page) and the language
switch, used from the keyboard."""

import pytest
from playwright.sync_api import expect

from workflows.core.models import Case, Subject

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "乌鲁木齐天山雪莲商贸有限公司"  # a demo subject with a listed record and a late case


def test_clerk_reads_a_subjects_credit_profile_and_switches_to_english_and_back(login, demo_cases):
    subject = Subject.objects.get(name=NAME)
    case = Case.objects.get(subject=subject, procedure="repair")

    clerk = login("clerk")
    page = clerk.go("/app/records/subject/")
    page.get_by_role("link", name=subject.uscc).click()
    page.wait_for_url(f"**/app/records/subject/{subject.pk}/detail/")
    expect(page.locator(".mdc-top-app-bar__title")).to_have_text(f"信用档案 · {NAME}")
    records = page.locator(".xy-records tbody tr")
    expect(records).to_have_count(subject.credit_records.count())
    expect(records.first).to_contain_text("已申请修复")
    row = page.locator(f".xy-cases tr[data-case='{case.pk}']")
    expect(row).to_contain_text("受理")
    expect(row.locator(".xy-badge--overdue")).to_contain_text("已逾期")
    clerk.shot("profile-1-subject")

    # The language switcher is a labelled select of the top bar, reachable by keyboard.
    switcher = page.get_by_label("语言 / Language")
    switcher.focus()
    switcher.press("ArrowDown")  # 简体中文 → English; the form submits on change
    expect(page.locator(".mdc-top-app-bar__title")).to_have_text(f"Credit profile · {NAME}")
    expect(row).to_contain_text("Acceptance")
    clerk.shot("profile-2-english")

    page.get_by_label("Language", exact=True).select_option("zh-hans")
    expect(page.locator(".mdc-top-app-bar__title")).to_have_text(f"信用档案 · {NAME}")

    # The case number leads to the case page: the diagram and the current step.
    page.locator(f".xy-cases tr[data-case='{case.pk}'] a").click()
    page.wait_for_url(f"**/app/repair/cases/{case.pk}/")
    expect(page.locator(".xy-current-step")).to_have_text("受理")
    expect(page.locator(".xy-diagram img")).to_be_visible()
    clerk.shot("profile-3-case-page")
