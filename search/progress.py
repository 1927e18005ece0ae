"""A text progress bar for the search commands (redrawn in place on a terminal)."""

import time


class ProgressBar:
    WIDTH = 30

    def __init__(self, stream, *, min_interval: float = 0.2) -> None:
        self.stream = stream
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.min_interval = min_interval
        self._last_draw = 0.0
        self._last_kind = None

    def __call__(self, kind: str, done: int, total: int) -> None:
        finished = done >= total
        now = time.monotonic()
        if kind == self._last_kind and not finished and now - self._last_draw < self.min_interval:
            return
        if self._last_kind not in (None, kind) and self.tty:
            self.stream.write("\n")
        self._last_kind, self._last_draw = kind, now
        ratio = 1.0 if total == 0 else min(done / total, 1.0)
        filled = int(self.WIDTH * ratio)
        line = (
            f"{kind:<7} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {ratio:4.0%} {done}/{total}"
        )
        if self.tty:
            self.stream.write("\r" + line, ending="")
            if finished:
                self.stream.write("")
            self.stream.flush()
        elif finished or done == 0:
            self.stream.write(line)
