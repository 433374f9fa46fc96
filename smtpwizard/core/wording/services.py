"""The words of the service picker ("I send through a service")."""

from __future__ import annotations

from smtpwizard.core.wording.base import _

API_KEY = _("API key")
PASSWORD = _("password")
PICKER_LABEL = _("Sending ser&vice:")
REGION_LABEL = _("Re&gion:")
CHOOSE = _("Choose your sending service…")
OTHER = _("Other (I type the server myself)")
CHOOSE_HINT = _("Choose your sending service above, or Other to type its server yourself.")
OTHER_HINT = _("Enter the SMTP server your sending service tells you to use.")
FILLED = _("Filled in for {service} — it will be tested.")
USERNAME_LITERAL = _("User name: type exactly {literal}")
USERNAME_OTHER = _("User name: {note}")
USERNAME_EMAIL = _("User name: the email address of your {service} account")
SECRET_WITH_URL = _('Password: your {secret} — <a href="{url}">create one here</a>')
SECRET = _("Password: your {secret}")
CREATE_SECRET = _('<a href="{url}">Create your {secret} here</a>')

__all__ = [
    "API_KEY",
    "CHOOSE",
    "CHOOSE_HINT",
    "CREATE_SECRET",
    "FILLED",
    "OTHER",
    "OTHER_HINT",
    "PASSWORD",
    "PICKER_LABEL",
    "REGION_LABEL",
    "SECRET",
    "SECRET_WITH_URL",
    "USERNAME_EMAIL",
    "USERNAME_LITERAL",
    "USERNAME_OTHER",
]
