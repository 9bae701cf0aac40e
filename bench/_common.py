"""What the benchmark's modules share: the project root, progress (stderr) and result lines (stdout), and
the targets every measurement is judged against (see bench/run.py's docstring)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PUBLIC_RATIO, SIGNED_IN_RATIO, SIGNED_IN_P99_MS, MAX_QUERIES = 0.5, 0.1, 250.0, 15
UNDER_WRITES_PUBLIC_RATIO = 0.3
ICS_COLD_FACTOR = 1.5  # the feed cold may take at most this many times the programme page cold
EXPORT_FIRST_BYTE_S, XLSX_PEAK_MB = 1.0, 200.0
REMINDERS_RATIO = 10.0
UNDER_WRITES = ("signing-board", "signing-board-json", "programme", "subcommittees-steering-dashboard")
COLD = ("programme", "programme-ics", "signing-board", "delegations-list")
EXPORTS = ("members", "tasks", "reminders")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def out(line: str) -> None:
    print(line, flush=True)
