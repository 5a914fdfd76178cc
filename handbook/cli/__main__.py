"""`python -m handbook.cli`: the same as the `handbook` command."""

import sys

from . import main

sys.exit(main())
