"""One base class for every exception smtpwizard raises on purpose; the public ones exported."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import smtpwizard
from smtpwizard.core import errors
from smtpwizard.core.errors import SmtpWizardError

# control flow inside one module, never seen by a caller
INTERNAL = {"smtpwizard.core.probe.session.ProbeStop"}
# the demo servers and the benchmarks are not the product's API
NOT_API = ("smtpwizard.lab", "smtpwizard.bench")


def _exception_classes() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(smtpwizard.__path__, prefix="smtpwizard."):
        if info.name.startswith(NOT_API) or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ):
                found[f"{module.__name__}.{name}"] = obj
    return found


def test_every_exception_derives_from_the_base() -> None:
    classes = _exception_classes()
    assert len(classes) >= 10
    strays = sorted(
        name
        for name, cls in classes.items()
        if name not in INTERNAL and not issubclass(cls, SmtpWizardError)
    )
    assert strays == []


def test_the_tree_in_the_docstring_names_every_core_exception() -> None:
    doc = errors.__doc__ or ""
    core = [
        n for n in _exception_classes() if n.startswith("smtpwizard.core.") and n not in INTERNAL
    ]
    missing = [n for n in core if n.rsplit(".", 1)[1] not in doc]
    assert missing == []


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in smtpwizard.__all__
        if n.endswith(("Error", "Problem", "Incompatible")) or n == "NoWorkingSettings"
    ],
)
def test_public_exceptions_are_exported(name: str) -> None:
    cls = getattr(smtpwizard, name)
    assert issubclass(cls, SmtpWizardError)


def test_input_error_is_still_a_value_error() -> None:
    assert issubclass(smtpwizard.InputError, ValueError)
    with pytest.raises(smtpwizard.SmtpWizardError):
        smtpwizard.probe("bad host name!")
