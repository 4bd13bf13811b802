"""``python -m app``: the same as the ``chorus`` command."""
import sys

from app.cli import main

sys.exit(main())
