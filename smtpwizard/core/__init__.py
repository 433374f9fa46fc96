"""The Qt-free engine of smtpwizard. Importing it never imports PySide6 (a test enforces it).

One package per capability: ``probe``, ``wording``, ``discovery``, ``credentials``, ``oauth``,
``export``, ``report``, ``installer``; shared and small: ``models``, ``validation``,
``environment``, ``paths``. The allowed arrows between them are checked by
``tests/core/test_layering.py``.
"""
