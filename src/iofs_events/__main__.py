"""``python -m iofs_events`` runs the ``iofs-events`` command."""

import sys

from .cli import main

sys.exit(main())
