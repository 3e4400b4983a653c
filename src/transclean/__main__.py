"""`python -m transclean` is the `transclean` command."""

import sys

from transclean.entry import main

sys.exit(main())
