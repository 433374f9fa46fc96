"""Is it this network or the server? Connect-only checks against neutral reference servers,
and what this computer's own firewall says about an outgoing port."""

# big providers' public submission/relay endpoints: always up, on 25, 465 and 587. Here (not in
# ``references``) so the wizard can name them without loading asyncio before its first paint.
DEFAULT_REFERENCES: tuple[str, ...] = (
    "smtp.gmail.com",
    "smtp.office365.com",
    "smtp.mail.yahoo.com",
)
