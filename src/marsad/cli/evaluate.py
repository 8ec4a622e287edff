"""``marsad eval …`` (filled in by the evaluation module)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    pass
