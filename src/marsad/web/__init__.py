"""Web dashboard served by the API app."""
