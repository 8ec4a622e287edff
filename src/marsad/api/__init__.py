"""HTTP API (FastAPI): ``create_app(settings, store_url)``; run it with ``marsad serve``."""

from .app import create_app

__all__ = ["create_app"]
