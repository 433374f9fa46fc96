"""The words of the service picker ("I send through a service")."""

from __future__ import annotations

from smtpwizard.core.wording.base import N_

API_KEY = N_("API key")
PASSWORD = N_("password")
PICKER_LABEL = N_("Sending ser&vice:")
REGION_LABEL = N_("Re&gion:")
CHOOSE = N_("Choose your sending service…")
OTHER = N_("Other (I type the server myself)")
CHOOSE_HINT = N_("Choose your sending service above, or Other to type its server yourself.")
OTHER_HINT = N_("Enter the SMTP server your sending service tells you to use.")
FILLED = N_("Filled in for {service} — it will be tested.")
USERNAME_LITERAL = N_("User name: type exactly {literal}")
USERNAME_OTHER = N_("User name: {note}")
USERNAME_EMAIL = N_("User name: the email address of your {service} account")
SECRET_WITH_URL = N_('Password: your {secret} — <a href="{url}">create one here</a>')
SECRET = N_("Password: your {secret}")
CREATE_SECRET = N_('<a href="{url}">Create your {secret} here</a>')

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
