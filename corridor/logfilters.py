"""Logging filters that keep personal data out of logs."""

import logging
import re

_QUERY = re.compile(r"\?[^\s\"']*")


class StripQueryStrings(logging.Filter):
    """Drop query strings from logged request lines: search terms may be names."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(
                _QUERY.sub("?…", a) if isinstance(a, str) else a for a in record.args
            )
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("?…", record.msg)
        return True
