"""Every string has a Bokmål translation, and the committed .mo files match the catalogues."""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def test_it_translates_every_string_to_bokmal():
    po = polib.pofile(str(LOCALE / "nb" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert not missing, f"untranslated: {missing[:20]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:20]}"


def test_it_commits_compiled_catalogues_that_match():
    for language in ("nb", "en"):
        folder = LOCALE / language / "LC_MESSAGES"
        po = polib.pofile(str(folder / "django.po"))
        mo = polib.mofile(str(folder / "django.mo"))
        compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
        for entry in po.translated_entries():
            key = (entry.msgctxt, entry.msgid)
            assert key in compiled, (
                f"{language}: {entry.msgid!r} is not compiled; run make messages"
            )
