"""The installer contract: a preset goes in, a result file (and optionally the secret) comes out.

- ``preset``: reading and checking presets, the result document, the secret hand-over.
"""
