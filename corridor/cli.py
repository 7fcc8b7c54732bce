"""The `corridor` command: Django's management commands under the project's settings.

corridor migrate | runserver | audit verify | audit head | keys rotate | demo load | …
"""

import os
import sys

ENGINE_VERBS = {"link", "dedupe"}


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    if args and args[0] in ENGINE_VERBS:
        # The linkage engine is framework-free: these verbs run without Django.
        from corridor.linkage.cli import main as engine_main

        sys.exit(engine_main(args))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "corridor.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["corridor", *args])


if __name__ == "__main__":
    main()
