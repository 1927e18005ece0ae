"""The app's processes in the fault tests: the test settings with production's durability.

The suite's settings turn off ``synchronous_commit`` for speed; production keeps it on,
and a crash of PostgreSQL must not lose a write that was answered with success.
"""

from project.settings.test import *  # noqa: F403
from project.settings.test import DATABASES, env

DATABASES["default"]["OPTIONS"] = {}
MEDIA_ROOT = env.path("MEDIA_ROOT")
