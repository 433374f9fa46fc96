"""The diagnostic report a support person asks a customer for: plain text or one HTML file.

It leads with the verdict and the single most important problem, then shows the whole
port × encryption matrix, every attempt with its explanation, fix, stage timings, certificate
and redacted transcript, where the settings came from, and facts about this computer.

It never contains the password: the probe redacts its transcripts, the content is redacted
again, and the finished document once more (``secrets=``), covering base64 and AUTH PLAIN forms.
"""

from __future__ import annotations

import os
import tempfile
import textwrap
from collections.abc import Iterable
from pathlib import Path

from smtpwizard.core.environment import EnvironmentInfo, collect_environment
from smtpwizard.core.models import ProbeReport
from smtpwizard.core.redaction import MASK, redact
from smtpwizard.core.report.content import ReportContent, build_content, expected_legend
from smtpwizard.core.report.html import render_content_html
from smtpwizard.core.wording.base import _

__all__ = ["MASK", "build_content", "redact", "render_html", "render_text", "write_report"]

_WIDTH = 78
_CELL_WIDTH = 30


def _content(
    report: ProbeReport,
    discovery_source: str | None,
    env: EnvironmentInfo | None,
    secrets: Iterable[str | None],
) -> tuple[ReportContent, list[str]]:
    secret_list = [s for s in secrets if s]
    content = build_content(
        report,
        discovery_source=discovery_source,
        env=env if env is not None else collect_environment(),
        secrets=secret_list,
    )
    return content, secret_list


def _wrap(text: str, indent: str = "  ") -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(
            textwrap.wrap(
                paragraph,
                _WIDTH,
                initial_indent=indent,
                subsequent_indent=indent,
                break_on_hyphens=False,
                break_long_words=True,
            )
            or [indent.rstrip()]
        )
    return lines


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _heading(title: str) -> list[str]:
    return ["", title.upper(), "=" * min(len(title), _WIDTH)]


def _fields(rows: Iterable[tuple[str, str]], indent: str = "  ") -> list[str]:
    rows = list(rows)
    width = max((len(label) for label, _v in rows), default=0)
    out: list[str] = []
    for label, value in rows:
        first, *rest = (value or "—").splitlines() or ["—"]
        out.append(f"{indent}{label.ljust(width)}  {first}")
        out.extend(f"{indent}{' ' * width}  {line}" for line in rest)
    return out


def _text(content: ReportContent) -> str:
    out: list[str] = [
        content.title,
        _("Generated {moment}").format(moment=content.generated),
        "=" * _WIDTH,
        "",
    ]
    out.append(_("VERDICT: {verdict}").format(verdict=content.verdict))
    if content.main_problem is not None:
        problem = content.main_problem
        out.append("")
        out.append(
            f"{content.main_problem_heading} ({content.main_problem_where}): {problem.title}"
        )
        out.extend(_wrap(problem.explanation))
        out.append(_("What to do:"))
        out.extend(_wrap(problem.fix))
    if content.summary:
        out.append("")
        out.extend(_wrap(content.summary, ""))

    if content.findings:
        out.extend(_heading(_("Will your mail be trusted? (and other findings)")))
        for finding in content.findings:
            out.append("")
            out.append(f"[{finding.severity}] {finding.text.title}  ({finding.code})")
            if finding.text.explanation:
                out.extend(_wrap(finding.text.explanation))
            if finding.text.fix:
                out.append(_("What to do:"))
                out.extend(_wrap(finding.text.fix))
            if finding.detail:
                out.extend(_wrap(finding.detail))

    out.extend(_heading(_("Ports and encryption")))
    header = _("Port").ljust(6) + "".join(c.ljust(_CELL_WIDTH + 2) for c in content.columns)
    out.append(header.rstrip())
    for row in content.matrix:
        cells = "".join(
            _fit(f"{c.symbol} {c.label}", _CELL_WIDTH).ljust(_CELL_WIDTH + 2) for c in row.cells
        )
        out.append((str(row.port).ljust(6) + cells).rstrip())
    out.append("  " + _("✓ works · ✗ failed · … no answer yet (likely blocked) · — not tested"))
    out.append("  " + expected_legend())

    out.extend(_heading(_("Each combination in detail")))
    for section in content.attempts:
        out.append("")
        out.append(f"--- {section.heading}: {section.symbol} {section.status} ---")
        if section.problem is not None:
            out.append(_("What happened:"))
            out.extend(_wrap(section.problem.explanation))
            out.append(_("What to do:"))
            out.extend(_wrap(section.problem.fix))
        if section.detail:
            out.append(_("Technical detail:"))
            out.extend(_wrap(section.detail))
        out.extend(_fields((f.label, f.value) for f in section.facts))
        if section.stages:
            out.append(_("Stages:"))
            for stage in section.stages:
                mark = "✓" if stage.ok else "✗"
                line = f"  {mark} {stage.label.ljust(38)} {stage.ms.rjust(9)}"
                if stage.detail:
                    line += f"  {stage.detail}"
                out.append(line)
        if section.certificate:
            out.append(_("Certificate:"))
            out.extend(_fields(((f.label, f.value) for f in section.certificate), "    "))
            out.extend(_wrap(section.clock_note, "    "))
        if section.transcript:
            out.append(_("Conversation with the server (passwords removed):"))
            out.extend(f"    {line}" for line in section.transcript)
        if section.reproduce:
            out.append(_("Check it yourself (swaks asks for the password):"))
            out.extend(f"    {line}" for line in section.reproduce)

    if content.provider is not None:
        out.extend(_heading(_("Notes about {provider}").format(provider=content.provider.name)))
        for title, lines in content.provider.sections:
            out.append(title)
            for line in lines:
                out.extend(_wrap(f"• {line}" if len(lines) > 1 else line))
    out.extend(_heading(_("Where the settings came from")))
    out.extend(_fields((f.label, f.value) for f in content.origin))
    out.extend(_heading(_("This computer")))
    out.extend(_fields((f.label, f.value) for f in content.environment))
    out.append("")
    out.append(_("This report never contains your password."))
    return "\n".join(out) + "\n"


def render_text(
    report: ProbeReport,
    *,
    discovery_source: str | None = None,
    env: EnvironmentInfo | None = None,
    secrets: Iterable[str | None] = (),
) -> str:
    """The report as plain text (UTF-8), verdict first."""
    content, secret_list = _content(report, discovery_source, env, secrets)
    return redact(_text(content), secret_list)


def render_html(
    report: ProbeReport,
    *,
    discovery_source: str | None = None,
    env: EnvironmentInfo | None = None,
    secrets: Iterable[str | None] = (),
) -> str:
    """The report as one self-contained HTML document (inline CSS, no scripts, no links out)."""
    content, secret_list = _content(report, discovery_source, env, secrets)
    return redact(render_content_html(content), secret_list)


_FORMATS = {".html": render_html, ".htm": render_html, ".txt": render_text}


def write_report(
    path: str | os.PathLike[str],
    report: ProbeReport,
    *,
    discovery_source: str | None = None,
    env: EnvironmentInfo | None = None,
    secrets: Iterable[str | None] = (),
) -> Path:
    """Write the report to ``path``; the format follows the extension (.html, .htm or .txt).

    The file is written atomically (a temporary file in the same folder, then renamed), so a
    reader never sees half a report. Raises ``ValueError`` for another extension and
    ``OSError`` when the folder cannot be written.
    """
    target = Path(path)
    render = _FORMATS.get(target.suffix.lower())
    if render is None:
        raise ValueError(
            _(
                "Cannot tell the report format from {name}: the file name must end "
                "in .html (a web page) or .txt (plain text)."
            ).format(name=repr(target.name))
        )
    document = render(report, discovery_source=discovery_source, env=env, secrets=secrets)
    folder = target.parent if str(target.parent) else Path(".")
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(document)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644 & ~_umask())  # as readable as the user's umask allows
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    """The process's umask (read from /proc where possible: setting it is not thread-safe)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
