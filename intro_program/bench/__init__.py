"""Measure the main pages at national scale (50,000 staff, ten years of history) in a separate database.

`manage.py benchmark` (intro_program/management/commands/benchmark.py) picks the benchmark database
(`database`), then runs itself again against it: migrate, seed once (`seeding` for the staff, then
`history` for ten years of rounds, nominations and attendance (`rounds`), evaluations (`evaluations`)
and introduction plans (`plans`)), and time each page in `pages.MEASURED_PAGES` with the Django test
client for the bench users whose work uses it (`measuring`). It exits non-zero when a page misses its
median time, query or peak-memory target.

It lives at the project level because it seeds and measures every app.
"""
