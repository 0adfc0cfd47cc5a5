"""How far a run's extraction has got: a log line every PROGRESS_SECONDS or tenth of the pages, and a progress bar
on a terminal (tqdm), so that a run of thousands of pages is never silent for minutes inside one batch."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

from tqdm import tqdm

PROGRESS_SECONDS = 10.0
PROGRESS_STEPS = 10  # a line at least every tenth of the pages, however fast they go


class PageProgress:
    """Counts pages done out of a run's total (extracted, or set aside by the parse); safe to advance from the thread
    that waits on the workers."""

    def __init__(
        self,
        total: int,
        log: Callable[[str], None],
        terminal: TextIO | None = None,
        seconds: float = PROGRESS_SECONDS,
        bar_seconds: float = 0.5,
    ) -> None:
        self.total, self.done, self.log, self.seconds = total, 0, log, seconds
        self.started = self.last_logged = time.monotonic()
        self.step = max(1, -(-total // PROGRESS_STEPS))
        self.next_count = self.step
        self.lock = threading.Lock()
        terminal = sys.stderr if terminal is None else terminal
        show_bar = total > 0 and terminal.isatty()
        self.bar = (
            tqdm(total=total, unit="page", desc="extracting", file=terminal, leave=False, mininterval=bar_seconds)
            if show_bar
            else None
        )

    def advance(self, pages: int) -> None:
        with self.lock:
            self.done += pages
            if self.bar is not None:
                self.bar.update(pages)
            now = time.monotonic()
            if self.done >= self.next_count or now - self.last_logged >= self.seconds or self.done == self.total:
                self.log(self.line(now))
                self.last_logged = now
                self.next_count = (self.done // self.step + 1) * self.step

    def line(self, now: float) -> str:
        elapsed = now - self.started
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = f", about {(self.total - self.done) / rate:.0f} s left" if rate > 0 and self.done < self.total else ""
        share = f" ({self.done / self.total:.0%})" if self.total else ""
        return f"extracted {self.done:,} of {self.total:,} pages{share}, {rate:.1f} pages/s{left}"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
