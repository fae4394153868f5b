"""Entry point of `python -m mirps_dash`."""

import sys

from mirps_dash.cli import main

sys.exit(main())
