"""The embedded demo: runs on a machine with nothing but Python (see base)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
