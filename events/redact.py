"""What never reaches a log line: ticket tokens (a token is the ticket: whoever reads the log
could walk in, or read the holder's page), the tokens of links to choose a password (whoever
reads one could take the account) and phone numbers (personal data of people who did not choose
to be in our logs).

The access log writes every path, and these links are paths (``/t/{token}``,
``/api/v1/tickets/{token}/…``, ``/password/{token}``); the console SMS provider writes the text,
which carries the link."""

from __future__ import annotations

import logging
import re

# A link's token: the path segment after /t/, /tickets/ or /password/ (but the password pages'
# own names), whatever its length or form.
_TOKEN_IN_PATH = re.compile(r"(/t/|/tickets/|/password/(?!(?:forgot|sent)(?:[/?#\s]|$)))[^/?#\s]+")
_HIDDEN = "[…]"


def path(text: str) -> str:
    """``text`` with every link's token in a path replaced by a marker."""
    return _TOKEN_IN_PATH.sub(lambda m: m[1] + _HIDDEN, text)


def phone(number: str) -> str:
    """Enough of a number to tell two apart in a log (its last two digits), no more."""
    digits = [c for c in number if c.isdigit()]
    return "•" * max(len(digits) - 2, 0) + "".join(digits[-2:])


class AccessLogFilter(logging.Filter):
    """Rewrites uvicorn's access-log record (client, method, path, version, status) so that the
    path carries no link's token."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], path(args[2]), *args[3:])
        return True


def install_access_log_filter() -> None:
    logging.getLogger("uvicorn.access").addFilter(AccessLogFilter())
