"""The wizard in German: its own words from the gettext catalogue, Qt's buttons from qtbase."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWizard

from smtpwizard.gui.translation import CatalogueTranslator, choose_language, install_translators
from smtpwizard.gui.wizard import PageId
from tests.gui.conftest import demo_state
from tests.gui.helpers import click_next, wait_verdict

pytestmark = pytest.mark.gui


@pytest.fixture
def german(qapp: QApplication) -> Iterator[None]:
    install_translators(qapp, "de")
    try:
        yield
    finally:
        install_translators(qapp, "en")


def test_qt_and_catalogue_translators_answer_in_german(german: None) -> None:
    assert QCoreApplication.translate("QWizard", "&Next >") == "&Weiter >"  # qtbase_de.qm
    assert QCoreApplication.translate("QWizard", "Cancel") == "Abbrechen"
    assert QCoreApplication.translate("verdict", "no encryption") == "keine Verschlüsselung"
    translator = CatalogueTranslator("de")
    assert translator.translate("any", "Not a text of smtpwizard") is None  # asks the next one
    assert QCoreApplication.translate("any", "Not a text of smtpwizard") == (
        "Not a text of smtpwizard"
    )


def test_back_to_english_removes_the_translators(qapp: QApplication) -> None:
    install_translators(qapp, "de")
    install_translators(qapp, "en")
    assert QCoreApplication.translate("QWizard", "Cancel") == "Cancel"
    assert QCoreApplication.translate("verdict", "no encryption") == "no encryption"


def test_a_preset_language_wins_over_the_system() -> None:
    assert choose_language("de") == "de"
    assert choose_language(None) == "en"  # the tests run with LANGUAGE=en


def test_the_wizard_speaks_german_on_every_page_to_the_verdict(
    german: None, qtbot: Any, make_wizard: Any, demo: Any, qloop: Any
) -> None:
    wizard = make_wizard(demo_state(demo))
    assert wizard.windowTitle() == "Ausgehende E-Mail einrichten"
    assert wizard.buttonText(QWizard.WizardButton.NextButton) == "&Weiter >"
    assert wizard.buttonText(QWizard.WizardButton.CancelButton) == "Abbrechen"
    titles = {}
    for page in (PageId.ACCOUNT, PageId.SERVER, PageId.SIGNIN):
        assert wizard.currentId() == page
        titles[page] = wizard.currentPage().title()
        click_next(qtbot, wizard)
    assert titles[PageId.ACCOUNT] == "Ihr E-Mail-Konto"
    assert titles[PageId.SERVER] == "Postausgangsserver"
    assert wizard.currentPage().title() == "Ihre Einstellungen werden getestet"
    wait_verdict(qtbot, wizard)
    banner = wizard.testing_page.banner
    assert banner.title.text().startswith("Fertig: localhost, Port ")
    # the answer reaches a screen reader in German too (announced, and kept as the description)
    spoken = QAccessible.queryAccessibleInterface(banner).text(QAccessible.Text.Description)
    assert spoken.startswith("Fertig: localhost, Port ") and "verschlüsselt" in spoken
    assert wizard.buttonText(QWizard.WizardButton.BackButton) == "< &Zurück"
