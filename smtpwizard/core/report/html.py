"""Lay out a report's content as one self-contained HTML page.

Inline CSS only, no scripts, no images, no links to load: it opens offline, can be mailed as
one file and prints cleanly. Every piece of text is HTML-escaped (much of it came from a server).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from smtpwizard.core.report.content import Field, ReportContent, expected_legend
from smtpwizard.core.wording.base import _

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1b1f24; background: #fff; margin: 0 auto; padding: 24px; max-width: 1000px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #d0d7de; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 0 0 8px; }
.meta { color: #57606a; margin: 0 0 16px; }
.verdict { border-radius: 8px; padding: 14px 18px; margin: 12px 0; border: 2px solid; }
.verdict.ok { background: #e8f7ee; border-color: #1a7f37; }
.verdict.bad { background: #fff1f0; border-color: #cf222e; }
.verdict .line { font-size: 20px; font-weight: 700; margin: 0; }
.problem h3 { margin-top: 10px; }
.label { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { border: 1px solid #d0d7de; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
table.matrix td { width: 30%; }
table.matrix th.port { width: 10%; }
td.ok { background: #e8f7ee; } td.failed { background: #fff1f0; }
td.unfinished { background: #fff8c5; }
td.skipped, td.absent, td.expected { background: #f6f8fa; color: #57606a; }
td.recommended { outline: 3px solid #1a7f37; outline-offset: -3px; font-weight: 600; }
.sym { font-weight: 700; margin-right: 4px; }
.attempt { border: 1px solid #d0d7de; border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
.attempt.ok { border-left: 6px solid #1a7f37; } .attempt.failed { border-left: 6px solid #cf222e; }
.attempt.unfinished { border-left: 6px solid #bf8700; }
.attempt.skipped { border-left: 6px solid #8c959f; }
.finding { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 16px; margin: 8px 0; }
.finding.problem { border-left: 6px solid #cf222e; }
.finding.warning { border-left: 6px solid #bf8700; }
.finding.info { border-left: 6px solid #8c959f; }
table.facts th { width: 32%; font-weight: 600; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px; padding: 8px;
      white-space: pre-wrap; word-break: break-all; margin: 4px 0 8px;
      font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
code { font: 13px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.note { color: #57606a; font-size: 13px; }
.legend { color: #57606a; font-size: 13px; margin: 0; }
footer { margin-top: 28px; color: #57606a; font-size: 13px; }
@media print {
  body { padding: 0; max-width: none; font-size: 11pt; }
  .attempt, .verdict, table.matrix { break-inside: avoid; }
  h2 { break-after: avoid; }
  pre { white-space: pre-wrap; }
  td.ok, td.failed, td.unfinished, .verdict { -webkit-print-color-adjust: exact;
                                              print-color-adjust: exact; }
}
"""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _fields_table(rows: Iterable[Field], css: str = "facts") -> str:
    body = "".join(
        f'<tr><th scope="row">{_e(f.label)}</th><td>{_e(f.value or "—")}</td></tr>' for f in rows
    )
    return f'<table class="{css}"><tbody>{body}</tbody></table>'


def _verdict(content: ReportContent) -> str:
    css = "ok" if content.ok else "bad"
    parts = [
        f'<section class="verdict {css}" id="verdict">',
        f'<p class="line">{_e(content.verdict)}</p>',
    ]
    problem = content.main_problem
    if problem is not None:
        parts.append('<div class="problem">')
        parts.append(
            f"<h3>{_e(content.main_problem_heading)} "
            f"({_e(content.main_problem_where)}): "
            f"{_e(problem.title)}</h3>"
        )
        parts.append(f"<p>{_e(problem.explanation)}</p>")
        parts.append(f'<p><span class="label">{_e(_("What to do:"))}</span> {_e(problem.fix)}</p>')
        parts.append("</div>")
    if content.summary:
        parts.append(f"<p>{_e(content.summary)}</p>")
    parts.append("</section>")
    return "".join(parts)


def _legend() -> str:
    return (
        _("✓ works · ✗ failed · … no answer yet (likely blocked) · — not tested")
        + " · "
        + expected_legend()
    )


def _matrix(content: ReportContent) -> str:
    head = "".join(f'<th scope="col">{_e(c)}</th>' for c in content.columns)
    rows: list[str] = []
    for row in content.matrix:
        cells = []
        for cell in row.cells:
            css = cell.state + (" recommended" if cell.recommended else "")
            cells.append(
                f'<td class="{_e(css)}"><span class="sym">{_e(cell.symbol)}</span>'
                f"{_e(cell.label)}</td>"
            )
        rows.append(f'<tr><th scope="row" class="port">{row.port}</th>{"".join(cells)}</tr>')
    return (
        f'<section id="matrix"><h2>{_e(_("Ports and encryption"))}</h2>'
        f'<table class="matrix"><thead><tr><th class="port">{_e(_("Port"))}</th>'
        f"{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f'<p class="legend">{_e(_legend())}</p></section>'
    )


def _findings(content: ReportContent) -> str:
    if not content.findings:
        return ""
    heading = _("Will your mail be trusted? (and other findings)")
    parts = [f'<section id="findings"><h2>{_e(heading)}</h2>']
    for f in content.findings:
        parts.append(f'<article class="finding {_e(f.severity)}" id="{_e(f.code)}">')
        parts.append(f"<h3>{_e(f.text.title)} <small>({_e(f.code)})</small></h3>")
        if f.text.explanation:
            parts.append(f"<p>{_e(f.text.explanation)}</p>")
        if f.text.fix:
            parts.append(
                f'<p><span class="label">{_e(_("What to do:"))}</span> {_e(f.text.fix)}</p>'
            )
        if f.detail:
            parts.append(f"<pre>{_e(f.detail)}</pre>")
        parts.append("</article>")
    parts.append("</section>")
    return "".join(parts)


def _attempts(content: ReportContent) -> str:
    parts = [f'<section id="attempts"><h2>{_e(_("Each combination in detail"))}</h2>']
    for s in content.attempts:
        anchor = f"p{s.pairing.port}-{s.pairing.security.value}"
        parts.append(f'<article class="attempt {_e(s.state)}" id="{_e(anchor)}">')
        parts.append(
            f'<h3><span class="sym">{_e(s.symbol)}</span>{_e(s.heading)}: {_e(s.status)}</h3>'
        )
        if s.problem is not None:
            parts.append(
                f'<p><span class="label">{_e(_("What happened:"))}</span> '
                f"{_e(s.problem.explanation)}</p>"
            )
            parts.append(
                f'<p><span class="label">{_e(_("What to do:"))}</span> {_e(s.problem.fix)}</p>'
            )
        if s.detail:
            parts.append(
                f'<p class="label">{_e(_("Technical detail"))}</p><pre>{_e(s.detail)}</pre>'
            )
        parts.append(_fields_table(s.facts))
        if s.stages:
            rows = "".join(
                f"<tr><td>{'✓' if st.ok else '✗'} {_e(st.label)}</td><td>{_e(st.ms)}</td>"
                f"<td>{_e(st.detail)}</td></tr>"
                for st in s.stages
            )
            parts.append(
                f'<table class="stages"><thead><tr><th>{_e(_("Stage"))}</th>'
                f"<th>{_e(_('Time'))}</th><th>{_e(_('Detail'))}</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
        if s.certificate:
            parts.append(f'<p class="label">{_e(_("Certificate"))}</p>')
            parts.append(_fields_table(s.certificate))
            parts.append(f'<p class="note">{_e(s.clock_note)}</p>')
        if s.transcript:
            parts.append(
                f'<p class="label">{_e(_("Conversation with the server (passwords removed)"))}</p>'
            )
            parts.append(f"<pre>{_e(chr(10).join(s.transcript))}</pre>")
        if s.reproduce:
            label = _("Check it yourself (swaks asks for the password)")
            parts.append(f'<p class="label">{_e(label)}</p>')
            parts.append(f'<pre class="reproduce">{_e(chr(10).join(s.reproduce))}</pre>')
        parts.append("</article>")
    parts.append("</section>")
    return "".join(parts)


def _provider(content: ReportContent) -> str:
    advice = content.provider
    if advice is None:
        return ""
    heading = _("Notes about {provider}").format(provider=advice.name)
    parts = [f'<section id="provider"><h2>{_e(heading)}</h2>']
    for title, lines in advice.sections:
        items = "".join(f"<li>{_e(line)}</li>" for line in lines)
        parts.append(f"<h3>{_e(title.rstrip(':'))}</h3><ul>{items}</ul>")
    parts.append("</section>")
    return "".join(parts)


def render_content_html(content: ReportContent) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(content.language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(content.title)}</title><style>{_CSS}</style></head><body>"
        f"<header><h1>{_e(content.title)}</h1>"
        f'<p class="meta">{_e(_("Generated {moment}").format(moment=content.generated))}</p>'
        "</header><main>"
        f"{_verdict(content)}{_findings(content)}{_matrix(content)}"
        f"{_attempts(content)}{_provider(content)}"
        f'<section id="origin"><h2>{_e(_("Where the settings came from"))}</h2>'
        f"{_fields_table(content.origin)}</section>"
        f'<section id="environment"><h2>{_e(_("This computer"))}</h2>'
        f"{_fields_table(content.environment)}</section>"
        f"</main><footer>{_e(_('This report never contains your password.'))}</footer>"
        "</body></html>\n"
    )
