"""Will the receiving side trust the mail? SPF, DKIM and DMARC of the sender's domain.

:func:`~smtpwizard.core.sender_domain.check.check_sender_domain` looks the records up (DNS only,
never a connection to a mail server) and judges them against the server that was tested; the
answer is a list of :class:`~smtpwizard.core.models.Finding`.
"""
