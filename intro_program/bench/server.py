"""Serve the benchmark database as production does: gunicorn (DEBUG off, collected static files) and Celery workers.

Each process is started by the bench and stopped by its own pid when the measurement is over.
"""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

BENCH_REDIS_URL = settings.CELERY_BROKER_URL  # set by database.run_in_bench_database


def production_environment() -> dict[str, str]:
    """Return the environment of a production deployment on plain HTTP at 127.0.0.1, with the floor view on."""
    return dict(
        os.environ,
        DEBUG="0",
        SECRET_KEY=settings.SECRET_KEY,  # the sessions are made in this process (measuring.log_in)
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=os.environ["DATABASE_URL"],
        CELERY_BROKER_URL=BENCH_REDIS_URL,
        CELERY_TASK_ALWAYS_EAGER="0",
        LOG_LEVEL="WARNING",
        BENCH_FLOOR_VIEW="1",
    )


def collect_static() -> None:
    """Collect the static files when they changed: the manifest storage of DEBUG off needs them."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [Path(entry[1] if isinstance(entry, tuple) else entry) for entry in settings.STATICFILES_DIRS]
    newest = max(
        (path.stat().st_mtime for folder in sources for path in folder.rglob("*") if path.is_file()), default=0
    )
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=settings.BASE_DIR,
        env=production_environment(),
        check=True,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(*, workers: int, timeout: int = 120):
    """Run gunicorn with `workers` workers on a free port; yield its base URL. A request past `timeout` s is cut."""
    port = _free_port()
    connection.close()  # the server's workers open their own
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "intro_program.wsgi",
            f"--workers={workers}",
            f"--bind=127.0.0.1:{port}",
            "--worker-class=sync",  # a request past the timeout gets its worker killed (a gthread worker lives on)
            f"--timeout={timeout}",
            "--log-level=warning",
        ],
        cwd=settings.BASE_DIR,
        env=production_environment(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/tillganglighet/", process)  # a public page: the server answers
        yield base
    finally:
        _stop(process)


def procfile_web_command(env: dict[str, str]) -> list[str]:
    """Return the Procfile's web command (gunicorn as `make serve` starts it), its ${NAME:-default} filled from env."""
    line = next(
        line for line in (Path(settings.BASE_DIR) / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    command = re.sub(
        r"\$\{(\w+):-([^}]*)\}", lambda match: env.get(match.group(1), match.group(2)), line.removeprefix("web:")
    )
    words = command.split()
    if words[0] != "gunicorn":
        raise ValueError(f"the Procfile's web process is not gunicorn: {line}")
    return [str(Path(sys.executable).parent / "gunicorn"), *words[1:]]


def serving_options(command: list[str]) -> str:
    """Return a gunicorn command's options but the address, to say how the load run was served."""
    words = command[2:]
    kept = [
        word for index, word in enumerate(words) if word != "--bind" and (index == 0 or words[index - 1] != "--bind")
    ]
    return " ".join(kept)


@contextlib.contextmanager
def gunicorn_as_deployed():
    """Run the Procfile's web process on a free port, as production runs it (its workers, its limits); yield its URL.

    WEB_CONCURRENCY and the other variables of the Procfile apply as they would in a deployment. Its access log
    goes to stdout, which is discarded here: the server still writes a line a request, as it does under honcho.
    """
    port = _free_port()
    connection.close()
    # gunicorn's own lines (a worker booting) at warning, as the bench's other servers: the serving is the same.
    env = dict(production_environment(), BIND=f"127.0.0.1:{port}", GUNICORN_CMD_ARGS="--log-level=warning")
    process = subprocess.Popen(procfile_web_command(env), cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/tillganglighet/", process)
        yield base
    finally:
        _stop(process)


@contextlib.contextmanager
def celery_workers(*, concurrency: int):
    """Run one Celery worker with `concurrency` prefork processes against the bench's Redis; yield the Popen."""
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "intro_program",
            "worker",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            f"--hostname=bench-{os.getpid()}@%h",
        ],
        cwd=settings.BASE_DIR,
        env=production_environment(),
    )
    try:
        deadline = time.monotonic() + 60
        while len(child_pids(process.pid)) < concurrency and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(2)  # connected to the broker
        yield process
    finally:
        _stop(process)


def child_pids(pid: int) -> list[int]:
    """Return the pids of a process's children (Linux /proc)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(part) for part in text.split()]


def peak_rss_mib(pid: int) -> float | None:
    """Return a process's peak resident memory (VmHWM) in MiB, or None when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _wait_for(url: str, process: subprocess.Popen, *, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
