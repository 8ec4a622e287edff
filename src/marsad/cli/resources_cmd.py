"""``marsad resources …``: build and check the shipped language resources."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    @group.group()
    def resources() -> None:
        """Language resources (build from PyPI packages, list)."""

    @resources.command("build")
    @click.argument("names", nargs=-1)
    def build_cmd(names: tuple[str, ...]) -> None:
        """Regenerate resources/build/* (needs the [build] extra)."""
        from ..resources.builder import BUILDERS, build

        unknown = [n for n in names if n not in BUILDERS]
        if unknown:
            raise click.BadParameter(f"unknown builder(s) {unknown}; known: {sorted(BUILDERS)}")
        for p in build(list(names) or None):
            click.echo(f"wrote {p}")
