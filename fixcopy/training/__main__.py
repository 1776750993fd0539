"""python -m fixcopy.training ... (see cli.py)."""

import sys

from .cli import main

sys.exit(main())
