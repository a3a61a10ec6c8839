"""The English catalogue is complete, and English is used only when the user has chosen it.

The source strings are Swedish and Swedish is the default language whatever the browser asks for;
`locale/en/LC_MESSAGES/django.po` carries the English. A string added without a translation (or
left fuzzy by `makemessages`) fails `test_every_catalogue_entry_is_translated`, listing where it
comes from; run `make messages` after translating it.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from districts.models import Role

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parents[2]
PO_PATH = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")


@dataclass
class Entry:
    """One catalogue entry: its keywords (msgctxt, msgid, msgid_plural, msgstr, msgstr[N]) and comments."""

    line: int
    comments: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def is_header(self) -> bool:
        return self.fields.get("msgid") == "" and "msgctxt" not in self.fields

    @property
    def fuzzy(self) -> bool:
        return any(c.startswith("#,") and "fuzzy" in [flag.strip() for flag in c[2:].split(",")] for c in self.comments)

    @property
    def translations(self) -> dict[str, str]:
        return {key: value for key, value in self.fields.items() if key.startswith("msgstr")}

    @property
    def untranslated(self) -> bool:
        return not self.translations or any(value == "" for value in self.translations.values())

    def describe(self) -> str:
        references = " ".join(c[2:].strip() for c in self.comments if c.startswith("#:"))
        return f"line {self.line}: {self.fields.get('msgid')!r} ({references or 'no reference'})"


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader (no third-party dependency); obsolete `#~` entries are left out."""
    entries: list[Entry] = []
    current: Entry | None = None
    key = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, key = None, None
            continue
        if line.startswith("#~"):
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#"):
            current.comments.append(line)
            continue
        if line.startswith('"'):
            assert key is not None, f"{path}:{number}: continuation line without a keyword"
            current.fields[key] += ast.literal_eval(line)
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
        assert match, f"{path}:{number}: cannot read {raw!r}"
        key = match.group(1)
        current.fields[key] = ast.literal_eval(match.group(2))
    return [entry for entry in entries if "msgid" in entry.fields]


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|%%|\{\w*\}|</?[a-zA-Z][^>]*>")


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_every_catalogue_entry_is_translated():
    entries = [entry for entry in parse_po(PO_PATH) if not entry.is_header]
    assert entries, f"{PO_PATH} has no entries"
    untranslated = [entry.describe() for entry in entries if entry.untranslated]
    fuzzy = [entry.describe() for entry in entries if entry.fuzzy]
    problems = [f"untranslated {item}" for item in untranslated] + [f"fuzzy {item}" for item in fuzzy]
    assert not problems, (
        f"{len(problems)} of {len(entries)} entries in {PO_PATH.relative_to(BASE_DIR)} need a translator:\n"
        + "\n".join(problems)
    )


def test_translations_keep_placeholders_and_markup():
    """`%(name)s`, `{name}`, `%%` and HTML tags survive translation, plural forms included."""
    wrong = []
    for entry in parse_po(PO_PATH):
        if entry.is_header or entry.untranslated:
            continue
        plural = entry.fields.get("msgid_plural")
        for key, value in entry.translations.items():
            source = plural if plural is not None and key != "msgstr[0]" else entry.fields["msgid"]
            if _placeholders(source) != _placeholders(value):
                wrong.append(f"{entry.describe()} {key}: {_placeholders(source)} != {_placeholders(value)}")
    assert not wrong, "Translations that change placeholders or markup:\n" + "\n".join(wrong)


# `english_catalogue` (the compiled catalogue, fresh) is a fixture of the root conftest: every app's tests use it.


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _choose_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_model_labels_follow_the_active_language(english_catalogue):
    with translation.override("en"):
        assert str(Role.ENHETSCHEF.label) == "Unit manager"
        assert str(Role.FORSTE_SOCIALSEKRETERARE.label) == "Senior social worker"
    with translation.override("sv"):
        assert str(Role.ENHETSCHEF.label) == "Enhetschef"


def test_login_page_is_english_when_english_is_chosen(client, english_catalogue):
    _choose_english(client)
    page = _text(client.get("/login/"))
    assert 'lang="en"' in page
    assert "Log in" in page
    assert "Logga in" not in page


def test_dashboard_is_english_when_english_is_chosen(client, world, english_catalogue):
    client.force_login(world.user(Role.ENHETSCHEF))
    _choose_english(client)
    page = _text(client.get("/"))
    assert 'lang="en"' in page
    assert "Welcome, " in page
    assert "Log out" in page
    assert "New hires in your unit" in page
    for swedish in ("Välkommen", "Logga ut", "Nyanställda på din enhet", "Översikt"):
        assert swedish not in page, f"{swedish!r} is still Swedish on the English dashboard"


def test_login_page_stays_swedish_for_an_english_browser(client, english_catalogue):
    page = _text(client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"))
    assert 'lang="sv"' in page
    assert "Logga in" in page
    assert "Log in" not in page


def test_dashboard_stays_swedish_for_an_english_browser(client, world, english_catalogue):
    client.force_login(world.user(Role.ENHETSCHEF))
    page = _text(client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"))
    assert 'lang="sv"' in page
    assert "Välkommen, " in page
    assert "Logga ut" in page
    assert "Welcome" not in page and "Log out" not in page
