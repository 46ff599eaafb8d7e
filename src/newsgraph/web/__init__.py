"""The HTTP API and dashboard over a store: ``newsgraph serve`` (needs fastapi and uvicorn)."""
