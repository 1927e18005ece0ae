"""What users do on the pages, in words of the pages (shared by the journeys)."""

import re
import subprocess
from pathlib import Path

from playwright.sync_api import Page, expect


def take_from_queue(page: Page, case_no: str) -> None:
    """Workbench → 待领取任务: take the case's task; its form opens."""
    page.goto("/app/work/queue/")
    row = page.locator("tr", has_text=case_no)
    row.get_by_role("button", name="领取").click()
    page.wait_for_url("**/execute/")


def choose(page: Page, name: str, value: str) -> None:
    """Pick an option of a Material select of a task form."""
    field = page.locator(f"vf-field-select[name={name}]")
    field.locator(".mdc-select__anchor").click()
    field.locator(f"li[data-value='{value}']").click()
    expect(field.locator("input[type=hidden]")).to_have_value(value)


def fill_text(page: Page, name: str, text: str) -> None:
    page.locator(f"textarea[name={name}], input[name={name}]").first.fill(text)


def execute(page: Page) -> None:
    """Submit a task form and wait until the task is done (the page leaves the form)."""
    page.locator("form.vf-form button.mdc-button--raised").click()
    page.wait_for_url(lambda url: "/execute/" not in url)


def pdf_text(path: Path) -> str:
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", "", text)
