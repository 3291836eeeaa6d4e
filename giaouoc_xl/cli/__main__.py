"""``python -m giaouoc_xl.cli``: the `giaouoc` command."""

from . import main

main()
