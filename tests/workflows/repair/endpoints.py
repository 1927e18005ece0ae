class DownEndpoint:
    """A Credit China endpoint that is unreachable."""

    def send(self, message: dict) -> None:
        raise ConnectionError("credit china unreachable")
