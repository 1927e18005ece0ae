"""Official documents rendered to PDF with WeasyPrint and an embedded CJK font."""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)


class NoFetching(URLFetcher):
    """WeasyPrint's fetcher for our documents: none loads a resource (fonts come from
    fontconfig), so every URL is refused. Should user text ever reach the HTML unescaped,
    ``<img src="file:///etc/passwd">`` or an intranet address still fetches nothing."""

    def fetch(self, url, headers=None):
        logger.warning("PDF rendering refused to fetch %s", url[:200])
        raise ValueError(f"documents load no external resources ({url[:80]})")


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template under templates/<app>/pdf/ to PDF bytes.

    Templates extend ``core/pdf/base.html``, whose stylesheet names the CJK fonts of
    ``settings.PDF_FONT_FAMILIES``; WeasyPrint embeds the subset of the font it used.
    """
    html = render_to_string(
        template_name, {"pdf_font_families": settings.PDF_FONT_FAMILIES, **context}
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=NoFetching()).write_pdf()
