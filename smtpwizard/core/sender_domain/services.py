"""What each sending service publishes for its customers' domains: the SPF ``include`` to add
and the DKIM selectors it signs with (from the services' own setup guides; ``()`` where the
selector is made per customer, e.g. Amazon SES's tokens)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SendingService:
    name: str
    spf_include: str | None
    dkim_selectors: tuple[str, ...] = ()


# keyed by the bundled provider id (smtpwizard.core.discovery.providers)
SERVICES: dict[str, SendingService] = {
    "gmail": SendingService("Google", "_spf.google.com", ("google",)),
    "google-workspace": SendingService("Google Workspace", "_spf.google.com", ("google",)),
    "google-workspace-relay": SendingService("Google Workspace", "_spf.google.com", ("google",)),
    "outlook": SendingService("Microsoft", "spf.protection.outlook.com"),
    "microsoft365": SendingService(
        "Microsoft 365", "spf.protection.outlook.com", ("selector1", "selector2")
    ),
    "icloud": SendingService("iCloud Mail", "icloud.com", ("sig1",)),
    "zoho": SendingService("Zoho Mail", "zohomail.com", ("zmail",)),
    "fastmail": SendingService("Fastmail", "spf.messagingengine.com", ("fm1", "fm2", "fm3")),
    "proton": SendingService(
        "Proton Mail", "_spf.protonmail.ch", ("protonmail", "protonmail2", "protonmail3")
    ),
    "migadu": SendingService("Migadu", "spf.migadu.com", ("key1", "key2", "key3")),
    "godaddy": SendingService("GoDaddy", "secureserver.net"),
    "rackspace": SendingService("Rackspace Email", "emailsrvr.com"),
    "namecheap-private-email": SendingService("Namecheap Private Email", "spf.privateemail.com"),
    "ovh": SendingService("OVHcloud", "mx.ovh.com"),
    "ionos": SendingService("IONOS", "_spf-eu.ionos.com"),
    "hostinger": SendingService(
        "Hostinger", "_spf.mail.hostinger.com", ("hostingermail1", "hostingermail2")
    ),
    "sendgrid": SendingService("SendGrid", "sendgrid.net", ("s1", "s2")),
    "amazon-ses": SendingService("Amazon SES", "amazonses.com"),
    "mailgun": SendingService("Mailgun", "mailgun.org", ("smtp", "mx", "k1", "pic")),
    "postmark": SendingService("Postmark", "spf.mtasv.net"),
    "brevo": SendingService("Brevo", "spf.brevo.com", ("brevo1", "brevo2", "mail")),
    "mailjet": SendingService("Mailjet", "spf.mailjet.com", ("mailjet",)),
    "sparkpost": SendingService("SparkPost", "sparkpostmail.com"),
    "smtp2go": SendingService("SMTP2GO", "spf.smtp2go.com"),
    "elastic-email": SendingService("Elastic Email", "_spf.elasticemail.com", ("api",)),
    "mailchimp-transactional": SendingService(
        "Mailchimp Transactional", "spf.mandrillapp.com", ("mandrill", "mte1", "mte2")
    ),
    "mailersend": SendingService("MailerSend", "_spf.mailersend.net", ("mlsend", "mlsend2")),
    "resend": SendingService("Resend", "amazonses.com", ("resend",)),
    "zeptomail": SendingService("ZeptoMail", "zeptomail.net"),
    "mailtrap": SendingService("Mailtrap", "_spf.smtp.mailtrap.live", ("rwmt1", "rwmt2")),
    "sendpulse": SendingService("SendPulse", "mxsmtp.sendpulse.com", ("sign",)),
    "socketlabs": SendingService("SocketLabs", "email-od.com"),
}


def service_for(provider: str | None) -> SendingService | None:
    return SERVICES.get(provider) if provider else None
