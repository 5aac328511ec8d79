"""Translation helper for the Bokmål catalogue (locale/nb/LC_MESSAGES/django.po).

  python scripts/po.py todo                 # untranslated or fuzzy entries, as JSON
  python scripts/po.py apply FILE.json      # {"English msgid": "Bokmål", ...} into the catalogue
                                            # (a plural entry takes a list: [singular, plural])

Run ``manage.py makemessages -l nb -l en`` first and ``manage.py compilemessages`` after.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "nb" / "LC_MESSAGES" / "django.po"


def todo() -> None:
    po = polib.pofile(str(CATALOGUE))
    pending = {}
    for entry in po:
        if entry.obsolete:
            continue
        missing = (
            not entry.msgstr and not any(entry.msgstr_plural.values())
            if entry.msgid_plural
            else not entry.msgstr
        )
        if missing or "fuzzy" in entry.flags:
            pending[entry.msgid] = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else ""
    json.dump(pending, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def apply(path: str) -> None:
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    po = polib.pofile(str(CATALOGUE))
    done = 0
    for entry in po:
        if entry.msgid not in translations:
            continue
        value = translations[entry.msgid]
        if entry.msgid_plural:
            singular, plural = value if isinstance(value, list) else (value, value)
            entry.msgstr_plural = {0: singular, 1: plural}
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        done += 1
    po.save()
    print(f"applied {done} of {len(translations)} translations")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "todo":
        todo()
    elif len(sys.argv) == 3 and sys.argv[1] == "apply":
        apply(sys.argv[2])
    else:
        sys.exit(__doc__)
