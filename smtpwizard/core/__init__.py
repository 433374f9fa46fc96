"""The Qt-free engine of smtpwizard. Importing it never imports PySide6 (a test enforces it)."""
