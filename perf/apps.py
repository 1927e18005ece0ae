from django.apps import AppConfig


class PerfConfig(AppConfig):
    """The benchmark suite (`manage.py bench`): scale data, measurements, targets."""

    name = "perf"
    label = "perf"
