"""FAQ match time with the full catalogue, on one core: text → Match (normalise, stem, BM25).

    python bench/faq.py           # every question of the dev and held-out files, 20 rounds
    python bench/faq.py --quick   # 3 rounds (a few seconds)

The matcher is built once (as in a running bot); the first round warms the stem cache and is
not measured, then every question of content/sources/faq-dev.jsonl and
tests/fixtures/faq/heldout-*.jsonl is matched `rounds` times, each call timed on its own with
`time.perf_counter_ns`. Garbage collection stays on, as in production. The last line printed
is `name=value` pairs: p50_ms, p95_ms, p99_ms, max_ms, build_ms, calls, docs, entries.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from content.library import library  # noqa: E402
from handlers.faq.answer import Matcher  # noqa: E402


def questions() -> list[str]:
    files = [ROOT / "content" / "sources" / "faq-dev.jsonl", *sorted((ROOT / "tests" / "fixtures" / "faq").glob("heldout-*.jsonl"))]
    found = []
    for path in files:
        found += [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds instead of 20")
    args = parser.parse_args()
    rounds = 3 if args.quick else 20

    started = time.perf_counter_ns()
    matcher = Matcher(library())
    build_ms = (time.perf_counter_ns() - started) / 1e6
    texts = questions()
    for text in texts:  # warm-up: stem cache, numpy
        matcher.match(text)

    times = []
    for _ in range(rounds):
        for text in texts:
            t0 = time.perf_counter_ns()
            matcher.match(text)
            times.append((time.perf_counter_ns() - t0) / 1e6)
    times.sort()
    q = statistics.quantiles(times, n=100)
    print(f"questions={len(texts)} rounds={rounds}")
    print(
        f"p50_ms={statistics.median(times):.3f} p95_ms={q[94]:.3f} p99_ms={q[98]:.3f} max_ms={times[-1]:.3f} "
        f"build_ms={build_ms:.0f} calls={len(times)} docs={len(matcher.index.entries)} entries={len(library().faq)}"
    )


if __name__ == "__main__":
    main()
