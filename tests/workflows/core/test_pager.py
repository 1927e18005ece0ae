"""The one pager of every list page (core/_pager.html): its links keep the list's
filters and sort, and change only the page."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def _render(query: str, page: int) -> str:
    request = RequestFactory().get(f"/app/work/queue/?{query}")
    page_obj = Paginator(list(range(60)), 25).page(page)
    return render_to_string("core/_pager.html", {"page_obj": page_obj}, request=request)


def test_the_pager_links_keep_every_filter_and_replace_the_page():
    html = _render("status=open&sort=-due&procedure=%E4%BF%A1%E7%94%A8&page=2", 2)
    assert 'href="?status=open&amp;sort=-due&amp;procedure=%E4%BF%A1%E7%94%A8&amp;page=1"' in html
    assert 'href="?status=open&amp;sort=-due&amp;procedure=%E4%BF%A1%E7%94%A8&amp;page=3"' in html
    assert "page=2" not in html


def test_a_single_page_shows_no_pager():
    request = RequestFactory().get("/app/work/queue/")
    page_obj = Paginator(list(range(5)), 25).page(1)
    html = render_to_string("core/_pager.html", {"page_obj": page_obj}, request=request)
    assert html.strip() == ""


def test_the_first_page_has_no_previous_link():
    html = _render("", 1)
    assert 'href="?page=2"' in html and "page=0" not in html
