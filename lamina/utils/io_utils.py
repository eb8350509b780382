"""Where progress messages go: stdout while interactive logging is on (the default), else
Python's `logging` (logger `"lamina"`, level INFO), as Keras sends them to absl logging.
The switch and `print_msg` live in `lamina.config`, so lower floors (callbacks) use them too."""

from ..config import disable_interactive_logging as disable_interactive_logging
from ..config import enable_interactive_logging as enable_interactive_logging
from ..config import is_interactive_logging_enabled as is_interactive_logging_enabled
from ..config import print_msg as print_msg
