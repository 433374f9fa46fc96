"""The built-in demo provider's account: plain constants, cheap to import.

The demo lab (:mod:`smtpwizard.lab.demo`) serves this account; the wizard needs it to fill in
its first page before the lab (aiosmtpd, certificates) is even loaded. Nothing here is a
secret: the demo servers exist only on this computer, for as long as they run.
"""

DEMO_HOST = "localhost"
DEMO_USER = "demo@smtpwizard.test"
DEMO_PASSWORD = "demo-password"
DEMO_SENDER = DEMO_USER
