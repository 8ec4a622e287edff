"""The ``marsad`` command: a thin shell over the library.

Each area adds its commands in its own module (``register(group)``), so the faces stay thin
and the areas stay apart. Heavy imports happen inside commands, keeping start-up fast.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from ..errors import MarsadError
from ..pipeline import __version__

COMMAND_MODULES = ("extract", "evaluate", "resources_cmd", "train", "corpus", "serve", "spark")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="marsad")
def cli() -> None:
    """Marsad (مرصد): structured, verifiable records from Arabic news."""


for _name in COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(cli)


def main() -> None:
    try:
        cli.main(standalone_mode=True)
    except MarsadError as exc:
        click.echo(f"error {exc.code}: {exc.message}", err=True)
        sys.exit(2)
    except Exception as exc:  # an uncoded failure (a database driver, the OS): say it plainly
        if os.environ.get("MARSAD_DEBUG"):
            raise
        click.echo(
            f"error: {type(exc).__name__}: {exc} (set MARSAD_DEBUG=1 for the traceback)", err=True
        )
        sys.exit(3)
