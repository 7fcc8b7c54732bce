"""The `corridor` command: Django's management commands under the project's settings.

corridor migrate | runserver | audit verify | audit head | keys rotate | demo load | …
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["corridor", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
