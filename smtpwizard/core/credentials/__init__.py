"""Where secrets live: the operating system's keyring, and the index of saved accounts.

- ``keyring_store``: store, load and forget a secret; every keyring problem in plain words.
- ``accounts``: the saved-accounts index (which accounts have a secret; never the secret).
"""
