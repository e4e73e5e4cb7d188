"""One server process for a benchmark: the service or the baseline, under the same uvicorn
settings (one process, uvloop and httptools when installed, ``127.0.0.1`` only).

``python -m bench.serve --app {service,baseline} --port N [--access-log]``. With
``--access-log``, uvicorn writes its access-log line per request at log level info, as under
``events serve``; without it, warnings only. The benchmark sends the output to a file.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from events.settings import Settings


def settings_from_env() -> Settings:
    """The service's defaults (no outbox worker), with the benchmark's database, key and data
    directory."""
    return Settings(
        database_url=os.environ["DATABASE_URL"],
        secret_key=os.environ["EVENTS_SECRET_KEY"],
        data_dir=Path(os.environ["EVENTS_DATA_DIR"]),
    )


def serve(app_name: str, port: int, *, access_log: bool) -> None:
    import uvicorn

    settings = settings_from_env()
    app: Any
    if app_name == "baseline":
        from bench.baseline_app import create_baseline

        app = create_baseline(settings)
    else:
        from events.app import create_app

        app = create_app(settings)
    uvicorn.run(
        app,
        host="127.0.0.1",
        port=port,
        log_level="info" if access_log else "warning",
        access_log=access_log,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the service or the baseline for a bench")
    parser.add_argument("--app", choices=["baseline", "service"], required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--access-log", action="store_true", help="a line per request")
    args = parser.parse_args()
    serve(args.app, args.port, access_log=args.access_log)


if __name__ == "__main__":
    main()
