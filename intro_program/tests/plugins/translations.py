"""Every test starts in Swedish, and the English catalogue is compiled from the .po when stale."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _swedish_to_begin_with():
    """Start every test in the default language: a request in English leaves its language active in the thread
    (LocaleMiddleware activates, nothing deactivates), and a later test building a report outside a request
    would read English labels, depending on which test ran before."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


PO_PATH = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")


@pytest.fixture(scope="module")
def english_catalogue():
    """Make sure the compiled catalogue matches the .po (`make test` compiles it; a bare pytest may not have)."""
    if not MO_PATH.exists() or MO_PATH.stat().st_mtime < PO_PATH.stat().st_mtime:
        msgfmt = shutil.which("msgfmt")
        if msgfmt is None:
            pytest.fail(f"{MO_PATH.relative_to(BASE_DIR)} is stale and msgfmt is missing; run `make messages`")
        handle, temporary = tempfile.mkstemp(dir=MO_PATH.parent, suffix=".mo")
        os.close(handle)
        try:
            subprocess.run([msgfmt, "--check-format", "-o", temporary, str(PO_PATH)], check=True)
            os.replace(temporary, MO_PATH)  # atomic, so parallel workers never read half a file
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        from django.utils.translation import trans_real

        trans_real._translations = {}  # drop catalogues a test may already have loaded
        trans_real._default = None
    yield MO_PATH
