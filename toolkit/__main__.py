"""Allow `python -m toolkit` as an alias of the `crbd` command."""

from toolkit.cli import main

main()
