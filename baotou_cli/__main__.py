"""`python -m baotou_cli` and the `baotou` command. Ctrl-C while the CLI is still being imported (the first
tenth of a second) ends like Ctrl-C at any other time: exit 130, no traceback."""

import sys


def run() -> None:
    try:
        from baotou_cli.cli import main
    except KeyboardInterrupt:
        sys.exit(130)  # errors.EXIT_INTERRUPTED, not imported: importing is what was interrupted
    main()


if __name__ == "__main__":
    run()
