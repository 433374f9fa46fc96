"""The translation catalogues against the CURRENT source: complete, same placeholders, plurals.

Extraction runs here (Babel, as ``bash packaging/dev.sh i18n`` does), so a text someone adds in
English on another branch shows up as missing by name. The fix is always the same: run
``bash packaging/dev.sh i18n`` (it adds the new texts to every ``.po`` file and recompiles),
translate the listed texts in ``smtpwizard/resources/locale/<lang>/LC_MESSAGES/smtpwizard.po``,
and run it once more.
"""

from __future__ import annotations

import gettext
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from smtpwizard.core.wording.translation import LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE

ROOT = Path(__file__).resolve().parent.parent
TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
FIX = "run `bash packaging/dev.sh i18n`, translate these in the .po file, then run it again"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "smtpwizard_i18n_tool", ROOT / "packaging/i18n.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


TOOL = _load_tool()
TEMPLATE = TOOL.extract()
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[a-z]|%[a-z]")


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def test_every_shipped_language_has_a_catalogue() -> None:
    assert sorted(TOOL.languages()) == sorted(TRANSLATED)


def test_extraction_finds_the_words_of_every_layer() -> None:
    places = {path for message in TEMPLATE for path, _line in message.locations}
    for expected in (
        "smtpwizard/core/wording/messages.py",  # N_ tables
        "smtpwizard/core/wording/summary.py",  # ngettext
        "smtpwizard/cli/probe_cmd.py",  # help=_()
        "smtpwizard/gui/pages/result.py",  # self.tr()
        "smtpwizard/gui/pages/common.py",  # QCoreApplication.translate(context, text)
    ):
        assert expected in places
    assert len([m for m in TEMPLATE if m.id]) > 600


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_in_the_source_is_translated(language: str) -> None:
    gaps = TOOL.missing(TOOL.read_catalogue(language), TEMPLATE)
    listing = "\n".join(f"  {text!r}" for text in gaps)
    assert not gaps, f"{language}: {len(gaps)} texts without a translation ({FIX}):\n{listing}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_are_the_same_as_in_english(language: str) -> None:
    wrong: list[str] = []
    for message in TOOL.read_catalogue(language):
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            pairs = [(message.id[1], form) for form in message.string]
        else:
            pairs = [(message.id, message.string)]
        for source, translation in pairs:
            if _placeholders(source) != _placeholders(translation):
                wrong.append(f"  {source!r}\n    -> {translation!r}")
    assert not wrong, f"{language}: placeholders differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize("language", TRANSLATED)
def test_plural_forms_are_all_filled(language: str) -> None:
    catalog = TOOL.read_catalogue(language)
    plurals = [m for m in catalog if isinstance(m.id, tuple)]
    assert plurals, "the source has plural texts (ngettext); the catalogue must have them"
    for message in plurals:
        assert len(message.string) == catalog.num_plurals, message.id
        assert all(message.string), message.id


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_the_po_file(language: str) -> None:
    catalog = TOOL.read_catalogue(language)
    path = LOCALE_DIR / language / "LC_MESSAGES" / "smtpwizard.mo"
    assert path.read_bytes() == TOOL.compiled(catalog), f"{path} is stale: {FIX}"
    with path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string:
            assert compiled.gettext(message.id) == message.string


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_are_not_left_in_english(language: str) -> None:
    """A catalogue filled by copying the English would pass the completeness test."""
    same = [
        m.id
        for m in TOOL.read_catalogue(language)
        if isinstance(m.id, str) and m.string == m.id and re.search(r"[a-z]{4} [a-z]{3,}", m.id)
    ]
    assert not same, f"{language}: left in English: {same}"
