"""Strings of third-party templates that their own catalogues leave untranslated.

Listed here only so that ``makemessages`` puts them into our zh_Hans catalogue, which
takes precedence (LOCALE_PATHS) over the packages' own.
"""

from django.utils.translation import gettext_noop

THIRD_PARTY_STRINGS = (gettext_noop("Applications"),)
