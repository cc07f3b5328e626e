"""Street by Street: the command-line entry point (menu, validate, simulate, bench, ...)."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
