"""System checks for what the documents need from the machine."""

import shutil
import subprocess

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def cjk_font_installed(app_configs, **kwargs):
    """Official documents need a CJK font; without one Chinese text renders as boxes."""
    if shutil.which("fc-list") is None:
        return [checks.Warning("fc-list not found; cannot check for a CJK font.", id="core.W001")]
    families = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False
    ).stdout
    if not any(family in families for family in settings.PDF_FONT_FAMILIES):
        return [
            checks.Warning(
                "No CJK font for PDF documents is installed.",
                hint="apt-get install fonts-noto-cjk (or fonts-wqy-zenhei)",
                id="core.W002",
            )
        ]
    return []
