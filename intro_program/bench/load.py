"""The load run: 50 users at once over mixed journeys against gunicorn, each pausing as a person reads.

Plain threads with the standard library's HTTP client, one keep-alive connection per user: the client costs
little CPU on a machine it shares with the server it measures (a heavier client would take the server's cores).
"""

import random
import threading
import time

from intro_program.bench.measuring import HttpSession, percentile

USERS = 50
THINK_SECONDS = (1.0, 3.0)  # a pause between two pages, drawn evenly (as locust's `between(1, 3)`)


def journeys(targets) -> list[list]:
    """Group the national targets by the role that opens them: each journey is one role's round of pages."""
    by_user: dict[str, list] = {}
    for target in targets:
        if target.key[1] == "national" and not target.too_slow:
            by_user.setdefault(target.cookie, []).append(target)
    return list(by_user.values())


def run(*, base: str, targets, seconds: int, users: int = USERS, seed: int = 11) -> dict:
    """Let `users` simulated users walk the journeys for `seconds`; return latency percentiles, throughput, errors."""
    plans = journeys(targets)
    samples: list[float] = []
    by_page: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def walk(number: int) -> None:
        rng = random.Random(seed + number)
        session = HttpSession(base)
        journey = plans[number % len(plans)]
        time.sleep(rng.uniform(0, THINK_SECONDS[1]))  # users arrive spread out, not in one burst
        while time.monotonic() < stop_at:
            target = rng.choice(journey)
            try:
                status, ms, _size = session.get(target.url, target.cookie)
            except Exception as error:  # a refused or dropped connection is an error, not a crash of the run
                with lock:
                    errors.append(f"{target.key[0]}: {error!r}")
                continue
            with lock:
                if time.monotonic() <= stop_at + 5:
                    samples.append(ms)
                    by_page.setdefault(target.key[0], []).append(ms)
                if status != 200:
                    errors.append(f"{target.key[0]}: HTTP {status}")
            time.sleep(rng.uniform(*THINK_SECONDS))

    started = time.monotonic()
    threads = [threading.Thread(target=walk, args=(number,), daemon=True) for number in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 180)
    elapsed = time.monotonic() - started
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": len(samples),
        "throughput_rps": len(samples) / elapsed,
        "p50_ms": percentile(samples, 50),
        "p95_ms": percentile(samples, 95),
        "p99_ms": percentile(samples, 99),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "pages": busiest_pages(by_page),
    }


def busiest_pages(by_page: dict[str, list[float]], *, keep: int = 8) -> list[dict]:
    """The pages that took most of the run's response time, with their share of it: where p95 comes from."""
    total = sum(sum(times) for times in by_page.values()) or 1.0
    rows = [
        {
            "page": page,
            "requests": len(times),
            "p50_ms": percentile(times, 50),
            "p95_ms": percentile(times, 95),
            "share": sum(times) / total,
        }
        for page, times in by_page.items()
    ]
    return sorted(rows, key=lambda row: -row["share"])[:keep]
