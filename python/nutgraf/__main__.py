"""The ``nutgraf`` command line, as installed with the Python package."""

import signal
import sys

from . import _nutgraf


def main() -> int:
    """Runs the command line; Ctrl-C and a closed output pipe (``nutgraf ... | head``) stop it
    as they would stop the native binary."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    return _nutgraf.run_cli(["nutgraf", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
