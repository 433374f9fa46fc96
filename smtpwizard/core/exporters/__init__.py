"""The export formats, one small module per family; :data:`FORMATS` lists them in menu order."""

from __future__ import annotations

from smtpwizard.core.exporters.base import ExportFormat
from smtpwizard.core.exporters.clients import MOBILECONFIG, THUNDERBIRD
from smtpwizard.core.exporters.code import DJANGO, NODEMAILER, PYTHON
from smtpwizard.core.exporters.data import ENV, JSON
from smtpwizard.core.exporters.php import LARAVEL, PHPMAILER, WORDPRESS
from smtpwizard.core.exporters.tools import MSMTP, POSTFIX, SWAKS

FORMATS: tuple[ExportFormat, ...] = (
    THUNDERBIRD,
    MOBILECONFIG,
    MSMTP,
    ENV,
    JSON,
    PHPMAILER,
    WORDPRESS,
    DJANGO,
    LARAVEL,
    NODEMAILER,
    PYTHON,
    SWAKS,
    POSTFIX,
)

__all__ = ["FORMATS", "ExportFormat"]
