"""The timeouts of every network benchmark (light: the GUI child imports it before the wizard).

Short on purpose (the product's defaults are 6 / 8 / 15 s): a blackholed port then costs 1 s
instead of 6, which keeps the whole run short and favours the sequential baseline, not the
engine.
"""

from smtpwizard.core.probe.options import Timeouts

BENCH_TIMEOUTS = Timeouts(connect=1.0, command=1.0, attempt=3.0, greeting_sniff=0.5)
