"""The `thidua` command: Django's management commands under the project's name.

`thidua demo`, `thidua documents list`, `thidua eligibility check --case F.json`, … are all
management commands of the domain apps; this entry point only sets the settings module.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line([sys.argv[0], *sys.argv[1:]])


if __name__ == "__main__":
    main()
