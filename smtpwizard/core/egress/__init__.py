"""Is it this network or the server? Connect-only checks against neutral reference servers,
and what this computer's own firewall says about an outgoing port."""
