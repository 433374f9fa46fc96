"""Extract → update → compile the translation catalogues (``bash packaging/dev.sh i18n``).

1. extract every marked text from ``smtpwizard/`` (keywords in :data:`KEYWORDS`), plus the
   hints and user-name notes of ``smtpwizard/resources/providers.json``, into the template
   ``smtpwizard/resources/locale/smtpwizard.pot``;
2. update each ``smtpwizard/resources/locale/<lang>/LC_MESSAGES/smtpwizard.po`` from it (new
   texts arrive untranslated, texts no longer in the source are dropped);
3. compile each ``.po`` into the ``.mo`` the program reads (committed, so a fresh clone, the
   wheel and the frozen bundle have them without a build step).

Then it lists, per language, every text still without a translation. ``--check`` changes
nothing and exits 1 when a catalogue is incomplete or a ``.mo`` is stale. Needs Babel (a test
dependency); the program itself reads the ``.mo`` files with the standard library.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "smtpwizard"
LOCALE = SOURCE / "resources" / "locale"
DOMAIN = "smtpwizard"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
MAPPING = ROOT / "packaging" / "babel.cfg"
# _ and N_: core and CLI; ngettext: plurals; tr: self.tr() and the GUI's tr() helpers;
# translate: QCoreApplication.translate(context, text).
KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "tr": None,
    "translate": (2,),
}
# A fixed header date keeps the committed files from changing on every run.
HEADER_DATE = datetime(2026, 12, 6, tzinfo=UTC)


def languages() -> list[str]:
    """The languages with a catalogue (a folder under the locale directory)."""
    return sorted(p.name for p in LOCALE.iterdir() if (p / "LC_MESSAGES").is_dir())


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(language: str) -> Path:
    return po_path(language).with_suffix(".mo")


def extract() -> Catalog:
    """Every marked text in the current source, as a template catalogue."""
    catalog = Catalog(
        project="smtpwizard",
        domain=DOMAIN,
        creation_date=HEADER_DATE,
        revision_date=HEADER_DATE,
        msgid_bugs_address="",
        copyright_holder="smtpwizard developers",
        charset="utf-8",
    )
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(SOURCE), method_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        if not message or (isinstance(message, tuple) and not message[0]):
            continue
        path = f"smtpwizard/{Path(filename).as_posix()}"
        catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    _provider_texts(catalog)
    return catalog


def _provider_texts(catalog: Catalog) -> None:
    """The provider data's words a person reads (notes before and after login, hints, user-name
    notes, sending limits), translated where they are shown."""
    path = SOURCE / "resources" / "providers.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    where = [("smtpwizard/resources/providers.json", 0)]
    for provider in data["providers"]:
        texts = [
            *provider.get("before_login", []),
            *provider.get("hints", []),
            *provider.get("after_login", []),
            provider.get("username_note") or "",
            provider.get("sending_limit") or "",
        ]
        for text in texts:
            if text:
                catalog.add(text, None, where)


def read_catalogue(language: str) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def _write_po(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(
        buffer, catalog, width=100, include_lineno=False, ignore_obsolete=True, sort_output=False
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def missing(catalog: Catalog, template: Catalog) -> list[str]:
    """The template's texts that ``catalog`` does not translate (all plural forms filled)."""
    gaps: list[str] = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        if found is None or found.fuzzy or not _translated(found):
            gaps.append(message.id if isinstance(message.id, str) else message.id[0])
    return gaps


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return bool(strings) and all(strings)


def update(template: Catalog, names: Iterable[str]) -> None:
    _write_po(template, TEMPLATE)
    for language in names:
        catalog = read_catalogue(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.revision_date = HEADER_DATE
        _write_po(catalog, po_path(language))
        mo_path(language).write_bytes(compiled(read_catalogue(language)))


def report(template: Catalog, names: Iterable[str], out: io.TextIOBase | None = None) -> int:
    """Print each language's gaps; the number of languages with gaps."""
    stream = out or sys.stdout
    incomplete = 0
    total = sum(1 for m in template if m.id)
    for language in names:
        gaps = missing(read_catalogue(language), template)
        print(f"{language}: {total - len(gaps)}/{total} translated", file=stream)
        for text in gaps:
            print(f"  missing: {text!r}", file=stream)
        incomplete += bool(gaps)
    return incomplete


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 on gaps")
    parser.add_argument("--init", metavar="LANG", help="start a catalogue for a new language")
    args = parser.parse_args(argv)
    template = extract()
    if args.init:
        catalog = Catalog(locale=args.init, domain=DOMAIN, project="smtpwizard", charset="utf-8")
        catalog.creation_date = catalog.revision_date = HEADER_DATE
        _write_po(catalog, po_path(args.init))
    names = languages()
    if args.check:
        stale = [n for n in names if mo_path(n).read_bytes() != compiled(read_catalogue(n))]
        for name in stale:
            print(f"{name}: the .mo file is older than the .po file", file=sys.stderr)
        return 1 if report(template, names) or stale else 0
    update(template, names)
    report(template, names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
