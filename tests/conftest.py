"""Every test, and every process a test starts, runs in the C locale unless the test says otherwise.

`python -m bot` writes in the terminal's language (`LC_ALL`, `LC_MESSAGES`, `LANG`): on a machine set
to German the English assertions would read German. `LC_ALL` outranks the other two, so setting it here
is enough; a test that wants another language passes its own `LC_ALL` (an empty one lets `LANG` speak).
"""

from __future__ import annotations

import os

os.environ["LC_ALL"] = "C.UTF-8"
