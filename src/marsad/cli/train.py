"""Commands of this area (registered on the main group)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    pass
