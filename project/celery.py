"""The Celery application: broker and results in Redis, eager in the embedded demo."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.demo")

app = Celery("xinyong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
