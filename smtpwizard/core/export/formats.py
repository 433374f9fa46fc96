"""The export formats, one small module per family; :data:`FORMATS` lists them in menu order."""

from __future__ import annotations

from smtpwizard.core.export.base import ExportFormat
from smtpwizard.core.export.clients import MOBILECONFIG, THUNDERBIRD
from smtpwizard.core.export.code import DJANGO, NODEMAILER, PYTHON
from smtpwizard.core.export.data import ENV, JSON
from smtpwizard.core.export.php import LARAVEL, PHPMAILER, WORDPRESS
from smtpwizard.core.export.tools import MSMTP, POSTFIX, SWAKS

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
