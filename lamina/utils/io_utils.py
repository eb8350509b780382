"""Where progress messages go: stdout while interactive logging is on (the default), else
Python's `logging` (logger `"lamina"`, level INFO), as Keras sends them to absl logging."""

import logging
import sys

from ..config import disable_interactive_logging as disable_interactive_logging
from ..config import enable_interactive_logging as enable_interactive_logging
from ..config import is_interactive_logging_enabled as is_interactive_logging_enabled

LOGGER = logging.getLogger("lamina")


def print_msg(message, line_break: bool = True) -> None:
    """Writes `message` to stdout, or logs it when interactive logging is disabled."""
    message = str(message)
    if is_interactive_logging_enabled():
        sys.stdout.write(f"{message}\n" if line_break else message)
        sys.stdout.flush()
    else:
        LOGGER.info(message)
