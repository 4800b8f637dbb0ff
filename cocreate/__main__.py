"""Command line: python -m cocreate <command> (see DESIGN.md "Commands")."""
import sys

from cocreate.cli.parser import build_parser, main  # noqa: F401  (tests call main)

if __name__ == "__main__":
    sys.exit(main())
