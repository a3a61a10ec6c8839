"""The benchmark's own database, beside the configured one, so that measuring never touches real data."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from django.conf import settings
from django.core.management.base import CommandError

CHILD_FLAG = "--in-bench-database"
BENCH_REDIS_URL = "redis://127.0.0.1:6379/12"


def bench_database_url() -> str:
    """Return the benchmark database's URL, beside the configured one."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        parsed = urlparse(configured)
        return parsed._replace(path=f"{parsed.path}_bench").geturl()
    return f"sqlite:///{settings.BASE_DIR / 'var' / 'bench.sqlite3'}"


def _ensure_postgres_database(url: str, *, fresh: bool):
    import psycopg2
    from psycopg2 import sql

    config = dj_database_url.parse(url)
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        if fresh:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(config["NAME"])))
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    admin.close()


def run_in_bench_database(*, argv: list[str], fresh: bool, stdout) -> None:
    """Run `manage.py benchmark` again in a child process against the benchmark database (made when missing)."""
    url = bench_database_url()
    if url.startswith("sqlite"):
        path = Path(urlparse(url).path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh and path.exists():
            path.unlink()
    else:
        _ensure_postgres_database(url, fresh=fresh)
    stdout.write(f"Benchmark database: {url}")
    # The bench's own Redis database for Celery, whatever broker the configured deployment uses.
    env = dict(os.environ, DATABASE_URL=url, CELERY_BROKER_URL=os.environ.get("BENCH_REDIS_URL", BENCH_REDIS_URL))
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    argv = [arg for arg in argv if arg != "--fresh"]
    command = [sys.executable, "manage.py", "benchmark", CHILD_FLAG, *argv]
    completed = subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=False)
    if completed.returncode:
        raise CommandError("benchmark missed a target (see above)")
