#!/usr/bin/env python3
"""Build the site: ``python build.py [--content DIR] [--output DIR] [--drafts] [--now ISO]``.

The same as ``irrtsite build``; see ``python build.py --help``.
"""

import sys

from irrtsite.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
