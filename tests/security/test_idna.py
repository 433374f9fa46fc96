"""International names: IDNA 2008 with UTS-46 non-transitional processing at every call site.

IDNA 2003 (Python's ``"…".encode("idna")``) maps ``ß`` to ``ss`` and drops zero-width joiners,
so ``mail.straße.de`` became ``mail.strasse.de`` and ``pay\u200dpal.com`` became ``paypal.com``:
another owner's name, whose certificate then verifies. Each call site is checked through its
public entry point: validation, probe options, discovery, autoconfig, keyring names, exports.
"""

from __future__ import annotations

import pytest

from smtpwizard.core.credentials.keyring_store import service_name
from smtpwizard.core.discovery.autoconfig import AutoconfigError, parse_autoconfig
from smtpwizard.core.discovery.pipeline import discover
from smtpwizard.core.export.base import ExportError
from smtpwizard.core.export.registry import export
from smtpwizard.core.models import Security, Settings
from smtpwizard.core.probe.options import ProbeOptions
from smtpwizard.core.validation import InputError, normalize_host, validate_email

ESZETT = "mail.straße.de"
ESZETT_ASCII = "mail.xn--strae-oqa.de"  # IDNA 2008; IDNA 2003 gave mail.strasse.de
JOINER = "pay\u200dpal.com"  # IDNA 2003 gave paypal.com


def test_eszett_keeps_its_own_name() -> None:
    assert normalize_host(ESZETT) == ESZETT_ASCII
    assert normalize_host("MAIL.STRAßE.DE") == ESZETT_ASCII


def test_joiner_is_refused_with_the_reason() -> None:
    with pytest.raises(InputError, match=r"IDNA 2008.*Joiner U\+200D"):
        normalize_host(JOINER)


@pytest.mark.parametrize("name", ["xn--zz.com", "a\u200cb.example", "\u0644\u0627a.example"])
def test_names_invalid_under_idna_2008_are_refused(name: str) -> None:
    with pytest.raises(InputError, match="IDNA 2008"):
        normalize_host(name)


def test_email_domain_is_converted_the_same_way() -> None:
    assert validate_email("joerg@straße.de") == "joerg@xn--strae-oqa.de"
    with pytest.raises(InputError, match="Joiner"):
        validate_email(f"me@{JOINER}")


def test_probe_options() -> None:
    assert ProbeOptions(ESZETT).host == ESZETT_ASCII
    with pytest.raises(InputError, match="Joiner"):
        ProbeOptions(JOINER)
    with pytest.raises(InputError, match="Joiner"):
        ProbeOptions("smtp.example.com", sender=f"me@{JOINER}")


def test_discover() -> None:
    assert discover("joerg@straße.de", offline=True).domain == "xn--strae-oqa.de"
    with pytest.raises(InputError, match="Joiner"):
        discover(f"me@{JOINER}", offline=True)


def test_autoconfig_host_names() -> None:
    xml = """<clientConfig version="1.1"><emailProvider id="x"><domain>straße.de</domain>
    <outgoingServer type="smtp"><hostname>{host}</hostname><port>465</port>
    <socketType>SSL</socketType><username>%EMAILADDRESS%</username>
    <authentication>password-cleartext</authentication></outgoingServer>
    </emailProvider></clientConfig>"""
    good = parse_autoconfig(xml.format(host=ESZETT).encode(), "me@xn--strae-oqa.de")
    assert [s.host for s in good.servers] == [ESZETT_ASCII]
    with pytest.raises(AutoconfigError, match="no usable SMTP server"):
        parse_autoconfig(xml.format(host=JOINER).encode(), "me@xn--strae-oqa.de")


def test_keyring_service_name() -> None:
    assert service_name(ESZETT) == f"smtpwizard:{ESZETT_ASCII}"
    with pytest.raises(InputError):
        service_name(JOINER)


def test_exports() -> None:
    text = export(Settings(ESZETT, 465, Security.TLS, "me"), "env")
    assert f"SMTP_HOST={ESZETT_ASCII}\n" in text
    with pytest.raises(ExportError, match="Joiner"):
        export(Settings(JOINER, 465, Security.TLS, "me"), "env")
