"""`python -m lamina demo` runs the same command line as `lamina demo`."""

import sys

from .cli import main

sys.exit(main())
