"""The diagnostic report a support person asks a customer for (never containing the secret).

- ``content``: what a report says, as plain data.
- ``render``: plain text and HTML, and writing the file.
- ``html``: the HTML layout.
"""
