"""The built-in lab: real SMTP servers on loopback for demo mode and the tests.

The core never imports this package. Public API::

    LabCA, CertKind, old_tls_available          certificates (certs.py)
    ServerSpec, Mode, Behaviour, AuthOffer      what a server does (spec.py)
    LabServer, ThreadedLabServer, LoopThread    running servers (server.py, threads.py)
    Blackhole                                   a port whose connect() times out
    closed_port()                               a port whose connect() is refused
    DemoLab, DemoLabThread                      the demo provider (demo.py)
"""

from smtpwizard.demo_account import DEMO_HOST, DEMO_PASSWORD, DEMO_SENDER, DEMO_USER
from smtpwizard.lab.blackhole import Blackhole
from smtpwizard.lab.certs import CertKind, LabCA, old_tls_available
from smtpwizard.lab.demo import DemoLab, DemoLabThread
from smtpwizard.lab.records import AuthAttempt, MailCommand, ReceivedMessage
from smtpwizard.lab.server import LabServer, closed_port
from smtpwizard.lab.spec import AuthOffer, Behaviour, Mode, ServerSpec
from smtpwizard.lab.threads import LoopThread, ThreadedLabServer

__all__ = [
    "DEMO_HOST",
    "DEMO_PASSWORD",
    "DEMO_SENDER",
    "DEMO_USER",
    "AuthAttempt",
    "AuthOffer",
    "Behaviour",
    "Blackhole",
    "CertKind",
    "DemoLab",
    "DemoLabThread",
    "LabCA",
    "LabServer",
    "LoopThread",
    "MailCommand",
    "Mode",
    "ReceivedMessage",
    "ServerSpec",
    "ThreadedLabServer",
    "closed_port",
    "old_tls_available",
]
