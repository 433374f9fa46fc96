"""Autoconfig documents for the tests: a good one and hostile ones."""

from __future__ import annotations

VALID = b"""<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example.test">
    <domain>example.test</domain>
    <displayName>Example Mail</displayName>
    <incomingServer type="imap">
      <hostname>imap.example.test</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.%EMAILDOMAIN%</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>submit.example.test</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
      <authentication>password-encrypted</authentication>
    </outgoingServer>
    <outgoingServer type="exchange">
      <hostname>ews.example.test</hostname>
      <port>443</port>
      <socketType>SSL</socketType>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"""

# A document listing Gmail's server: discovery should recognise the provider by its SMTP host.
GMAIL_HOSTED = b"""<clientConfig version="1.1"><emailProvider id="x">
<outgoingServer type="smtp"><hostname>smtp.gmail.com</hostname><port>465</port>
<socketType>SSL</socketType><username>%EMAILADDRESS%</username>
<authentication>OAuth2</authentication></outgoingServer></emailProvider></clientConfig>"""

MALFORMED = b"<clientConfig><emailProvider><outgoingServer type='smtp'><hostname>smtp"

NOT_AUTOCONFIG = b"<html><body>Welcome to our website</body></html>"

NO_SMTP = b"""<clientConfig version="1.1"><emailProvider id="x">
<incomingServer type="imap"><hostname>imap.example.test</hostname><port>993</port>
<socketType>SSL</socketType></incomingServer></emailProvider></clientConfig>"""

BAD_VALUES = b"""<clientConfig version="1.1"><emailProvider id="x">
<outgoingServer type="smtp"><hostname>evil host/with spaces</hostname><port>465</port>
<socketType>SSL</socketType></outgoingServer>
<outgoingServer type="smtp"><hostname>smtp.example.test</hostname><port>99999</port>
<socketType>SSL</socketType></outgoingServer>
<outgoingServer type="smtp"><hostname>smtp.example.test</hostname><port>465</port>
<socketType>carrier-pigeon</socketType></outgoingServer>
<outgoingServer type="smtp"><hostname>ok.example.test</hostname><port>587</port>
<socketType>STARTTLS</socketType><username>%REALNAME%</username></outgoingServer>
</emailProvider></clientConfig>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<clientConfig version="1.1"><emailProvider id="x">
<outgoingServer type="smtp"><hostname>smtp.example.test</hostname><port>465</port>
<socketType>SSL</socketType><username>&lol9;</username></outgoingServer>
</emailProvider></clientConfig>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE clientConfig [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<clientConfig version="1.1"><emailProvider id="x">
<outgoingServer type="smtp"><hostname>smtp.example.test</hostname><port>465</port>
<socketType>SSL</socketType><username>&secret;</username></outgoingServer>
</emailProvider></clientConfig>"""


def huge(size: int) -> bytes:
    """A well-formed document padded with a comment to ``size`` bytes."""
    head = VALID.replace(b"<clientConfig", b"<!-- " + b"x" * size + b" -->\n<clientConfig", 1)
    return head
