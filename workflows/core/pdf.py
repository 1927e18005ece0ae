"""Official documents rendered to PDF with WeasyPrint and an embedded CJK font."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template under templates/<app>/pdf/ to PDF bytes.

    Templates extend ``core/pdf/base.html``, whose stylesheet names the CJK fonts of
    ``settings.PDF_FONT_FAMILIES``; WeasyPrint embeds the subset of the font it used.
    """
    html = render_to_string(
        template_name, {"pdf_font_families": settings.PDF_FONT_FAMILIES, **context}
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
