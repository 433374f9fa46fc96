"""Benchmarks: measure what users feel, each against a baseline measured in the same run.

``python -m smtpwizard.bench [--quick] [--json FILE]`` (or ``bash packaging/dev.sh bench``)
prints a table and writes JSON (schema ``smtpwizard.bench/1``). Everything runs on loopback
against the built-in lab servers, which live in their own process (:mod:`.labproc`) so they do
not compete with the measured client for the interpreter lock. Not part of the test run.
"""
