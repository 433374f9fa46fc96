"""Every finding code has words, and they never raise or leave a placeholder unfilled."""

from __future__ import annotations

import pytest

from smtpwizard.core.models import Finding, Severity
from smtpwizard.core.wording.codes import FindingCode
from smtpwizard.core.wording.messages import describe_finding


@pytest.mark.parametrize("code", list(FindingCode))
def test_every_finding_code_reads_without_parameters(code: FindingCode) -> None:
    text = describe_finding(Finding(code, Severity.INFO))
    assert text.title
    for part in (text.title, text.explanation, text.fix):
        assert "{" not in part and "}" not in part


def test_parameters_are_filled_in() -> None:
    finding = Finding(
        FindingCode.SENDER_SPF_FAIL,
        Severity.PROBLEM,
        {"domain": "example.com", "include": "include:sendgrid.net", "result": "fail"},
    )
    text = describe_finding(finding)
    assert text.fix.startswith("Add include:sendgrid.net to the SPF record of example.com ")
