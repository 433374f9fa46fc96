"""argparse's own words ("usage:", "options", error lines) from smtpwizard's catalogue.

argparse looks its words up through the module-level names ``_`` and ``ngettext`` (stdlib
gettext, domain "argparse", for which no German, French or Spanish catalogue exists);
:func:`install` points them at smtpwizard's catalogue. The words it uses are listed here so
the extractor puts them into the catalogue.
"""

from __future__ import annotations

import argparse

from smtpwizard.core.wording.base import N_, _, ngettext

WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _plural_words() -> str:
    """Never called: shows the extractor argparse's one plural text."""
    return ngettext("expected %s argument", "expected %s arguments", 1)


def install() -> None:
    """Make argparse speak the current language (looked up when it prints, not now)."""
    setattr(argparse, "_", _)  # noqa: B010 - argparse's module-level lookup names
    setattr(argparse, "ngettext", ngettext)  # noqa: B010
