"""The GUI speaks the same gettext catalogue as the core, and Qt's own words come from Qt.

The pages translate with Qt's ``self.tr(...)`` / ``QCoreApplication.translate(context, ...)``.
:class:`CatalogueTranslator` answers those calls from smtpwizard's gettext catalogue (the
context is ignored: one catalogue, one meaning per English text), so pages need no change and
the core stays Qt-free. A second, ordinary :class:`QTranslator` loads the ``qtbase_<lang>.qm``
that PySide6 ships, for QWizard's Back/Next/Cancel/Finish and the standard dialogs.

Which language: an installer preset's ``language`` first; on Linux and other Unix systems the
environment (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``); on Windows and macOS the
user's UI languages (``QLocale.uiLanguages()``); English otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from smtpwizard.core.wording import language as core_language
from smtpwizard.core.wording.translation import SOURCE_LANGUAGE, catalogue, set_language


class CatalogueTranslator(QTranslator):
    """A QTranslator whose answers come from smtpwizard's gettext catalogue."""

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # not ``language``: QTranslator.language() is Qt's own method
        self.words_language = language

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        del context, disambiguation, n
        found = catalogue(self.words_language).gettext(source_text)
        # None (a null QString) lets Qt ask the next translator; "" would stop it with no text
        return None if found == source_text else found

    def isEmpty(self) -> bool:
        return self.words_language == SOURCE_LANGUAGE


def choose_language(preset_language: str | None = None) -> str:
    """The language the wizard should speak (see the module docstring for the order)."""
    if preset_language:
        return preset_language
    if sys.platform.startswith(("win", "darwin")):
        return core_language.from_preferences(QLocale.system().uiLanguages())
    return core_language.from_environment()


def qt_translations_dirs() -> list[Path]:
    """Where Qt's own ``qtbase_<lang>.qm`` may be: Qt's configured folder, then the folders of
    the PySide6 wheels (``Qt/translations`` on Linux and macOS, ``translations`` on Windows),
    which is also where a PyInstaller bundle keeps them."""
    # lazy: not needed for the first paint (the wizard draws before loading the rest)
    import PySide6

    package = Path(PySide6.__file__).resolve().parent
    return [
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        package / "Qt" / "translations",
        package / "translations",
    ]


def load_qt_words(translator: QTranslator, language: str) -> bool:
    """Load Qt's own translation of ``language`` into ``translator``; whether it was found."""
    return any(
        translator.load(QLocale(language), "qtbase", "_", str(folder))
        for folder in qt_translations_dirs()
        if folder.is_dir()
    )


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Speak ``language`` in the core and in every Qt text from now on; the translators
    installed (kept alive by the application as their parent)."""
    chosen = set_language(language)
    QLocale.setDefault(QLocale(chosen))
    for old in app.findChildren(QTranslator, "smtpwizard-translator"):
        app.removeTranslator(old)
        old.deleteLater()
    if chosen == SOURCE_LANGUAGE:
        return []
    installed: list[QTranslator] = []
    qt_words = QTranslator(app)
    if load_qt_words(qt_words, chosen):
        installed.append(qt_words)
    installed.append(CatalogueTranslator(chosen, app))
    for translator in installed:  # the last installed is asked first
        translator.setObjectName("smtpwizard-translator")
        app.installTranslator(translator)
    return installed


__all__ = [
    "CatalogueTranslator",
    "choose_language",
    "install_translators",
    "load_qt_words",
    "qt_translations_dirs",
]
