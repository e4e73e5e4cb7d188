"""The service's SQL, shipped inside the package as ``events.sql`` (see pyproject.toml):
``migrations/`` applied in name order, ``queries/`` named statements loaded at start."""
