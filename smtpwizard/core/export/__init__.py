"""Working settings written in the formats mail programs, tools and applications read.

- ``registry``: :func:`export`, :func:`list_formats`, :func:`write_export`.
- ``formats``: :data:`FORMATS`, every format in menu order.
- ``base``: what every format shares (the format record, the secret choice, quoting).
- one module per family: ``clients`` (mail programs), ``tools`` (msmtp, swaks, Postfix),
  ``code`` (Python, Django, Node.js), ``php`` (PHPMailer, WordPress, Laravel), ``data``
  (``.env``, JSON).
"""
