"""The build hook that puts the pages' third-party front-end files into the wheel; everything
else about the package is in pyproject.toml.

Before ``build_py`` copies the package data, it runs ``events/web/vendor.py`` (``npm ci`` when
node_modules is missing or older than package-lock.json, then the listed files copied into
``events/web/static/vendor/``, which ``web/static/**`` takes into the wheel). A plain
``setup.py`` rather than ``[tool.setuptools.cmdclass]``: that table names a class to import, and
the build environment could import it only from the ``events`` package, whose imports need the
service's dependencies; here the vendor script is loaded by its path and needs only the standard
library. An editable install serves the tree itself: ``make assets`` fills it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _vendor() -> Any:
    spec = importlib.util.spec_from_file_location("_vendor", ROOT / "events" / "web" / "vendor.py")
    assert spec is not None and spec.loader is not None  # noqa: S101 - the file is ours
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class BuildPyWithVendor(build_py):
    def run(self) -> None:
        if not self.editable_mode:
            vendor = _vendor()
            try:
                vendor.install(ROOT)
            except vendor.VendorError as error:
                raise SystemExit(f"events.web.vendor: {error}") from error
            # The package data is listed once, lazily: listed again, with the new files.
            self.__dict__.pop("data_files", None)
        super().run()


setup(cmdclass={"build_py": BuildPyWithVendor})
