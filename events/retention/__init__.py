"""Retention (issue 12 §5): per organisation, how long each kind of data is kept after the
person's last event (``policy``); what is due, the coaches warned 30 days before, then the data
anonymised, statistics frozen first, each run reported (``run``); the warning mail
(``mail``); the ``events retention`` command (``command``)."""

from events.retention.mail import hand_over as hand_over_warning
from events.retention.run import run_daily

__all__ = ["hand_over_warning", "run_daily"]
