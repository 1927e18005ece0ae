from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """A sample procedure that exercises the shared flow machinery in tests only."""

    name = "tests.testapp"
    label = "testapp"

    def ready(self) -> None:
        from tests.testapp import flows  # noqa: F401  (viewflow needs flows imported)
