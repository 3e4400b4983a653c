"""`python -m transclean` is the `transclean` command."""

import sys

from transclean.cli import main

sys.exit(main())
