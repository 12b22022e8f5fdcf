"""python -m app: the same as the lull command."""

import sys

from app.main import main

sys.exit(main())
