"""``marsad serve``: the HTTP API and the dashboard on a corpus store."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    group.add_command(serve)


@click.command()
@click.option(
    "--db",
    "db",
    help="Store: a SQLite file or postgresql://… (default: $MARSAD_DB, else marsad.db).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to listen on (0.0.0.0 for all).",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Server processes."
)
@click.option(
    "--cors",
    "cors",
    multiple=True,
    help="Allow this browser origin (repeatable); CORS is off by default.",
)
@click.option(
    "--read-token/--no-read-token",
    default=False,
    show_default=True,
    help="Reads need the token too.",
)
@click.option(
    "--extract-processes",
    default=1,
    show_default=True,
    type=click.IntRange(0, 64),
    help="Worker processes for extraction per server process (0: in the server's threads, "
    "where a runaway component cannot be interrupted).",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["debug", "info", "warning", "error"]),
    help="Server log ('info' logs every request).",
)
def serve(
    db: str | None,
    host: str,
    port: int,
    workers: int,
    cors: tuple[str, ...],
    read_token: bool,
    extract_processes: int,
    log_level: str,
) -> None:
    """Serve the JSON API (/docs) and the dashboard (/ui/) on a store.

    Writes (POST /documents) need 'Authorization: Bearer $MARSAD_API_TOKEN'; without that
    variable they are refused. Needs the 'server' extra: pip install 'marsad[server]'.
    """
    import os

    try:
        import uvicorn
    except ImportError:
        raise click.ClickException("the server needs: pip install 'marsad[server]'") from None

    from ..settings import Settings

    overrides: dict[str, object] = {
        "api_read_requires_token": read_token,
        "api_extract_processes": extract_processes,
    }
    if cors:
        overrides["api_cors_origins"] = list(cors)
    settings = Settings().with_overrides(**overrides)
    url = db or os.environ.get("MARSAD_DB") or settings.db
    if not os.environ.get("MARSAD_API_TOKEN"):
        click.echo("note: MARSAD_API_TOKEN is not set; write endpoints are disabled", err=True)
    click.echo(f"Marsad on http://{host}:{port}/ui/ (API docs: /docs), store {url}", err=True)
    if workers > 1:
        # each worker process builds its own app from these environment variables
        os.environ["MARSAD_DB"] = url
        os.environ["MARSAD_SERVE_SETTINGS"] = repr(overrides)
        uvicorn.run(
            "marsad.cli.serve:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
        )
        return
    from ..api import create_app

    uvicorn.run(create_app(settings, url), host=host, port=port, log_level=log_level)


def app_from_env():  # noqa: ANN201 - a FastAPI app, for uvicorn --workers
    import ast
    import os

    from ..api import create_app
    from ..settings import Settings

    overrides = ast.literal_eval(os.environ.get("MARSAD_SERVE_SETTINGS", "{}"))
    return create_app(Settings().with_overrides(**overrides), os.environ.get("MARSAD_DB"))
