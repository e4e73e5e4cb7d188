"""Third-party front-end code comes from npm through package.json and its lock, and only the
listed files are copied into ``events/web/static/vendor/`` (``events.web.vendor``): ``npm ci``
without install scripts, only when node_modules is missing or older than the lock; nothing else
copied, a former file removed, a missing npm said plainly. npm is stood in for by a script that
writes what ``npm ci`` would (the real one runs in ``make assets`` and in tests/test_wheel.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from events.web import vendor

ROOT = Path(__file__).resolve().parent.parent
# Writes node_modules as npm ci would from the lock, and notes how it was called.
FAKE_NPM = """#!/bin/sh
echo "$@" >> "$NPM_CALLS"
rm -rf node_modules
mkdir -p node_modules/swagger-ui-dist node_modules/barcode-detector/dist/es \\
    node_modules/zxing-wasm/dist/reader
for name in ponyfill.js zxing-exported.js polyfill.js; do
    echo "$name of the package" > "node_modules/barcode-detector/dist/es/$name"
done
echo "wasm of the package" > node_modules/zxing-wasm/dist/reader/zxing_reader.wasm
cd node_modules/swagger-ui-dist
for name in swagger-ui-bundle.js swagger-ui-standalone-preset.js swagger-ui.css \\
    swagger-ui-bundle.js.map swagger-ui-es-bundle.js index.html LICENSE NOTICE; do
    echo "$name of the package" > "$name"
done
echo "licences bundled" > swagger-ui-bundle.js.LICENSE.txt
cd ../..
"""
# The other listed packages, each with its listed files, as npm would leave them.
FAKE_NPM += "".join(
    f'mkdir -p "node_modules/{package}/{Path(name).parent}"\n'
    f'echo "{name} of the package" > "node_modules/{package}/{name}"\n'
    for package, files in vendor.PACKAGES.items()
    if package not in ("swagger-ui-dist", "barcode-detector", "zxing-wasm")
    for name in files.split()
)
FAKE_NPM += 'echo "{}" > node_modules/.package-lock.json\n'


def test_package_json_is_private_with_exact_versions_of_the_listed_packages() -> None:
    declared = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert declared["private"] is True
    assert set(declared["dependencies"]) == set(vendor.PACKAGES)
    for name, version in declared["dependencies"].items():
        assert version[0].isdigit() and set(version) <= set("0123456789."), (name, version)
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
        assert lock["packages"][f"node_modules/{name}"]["integrity"].startswith("sha512-")
    assert lock["packages"][""]["dependencies"] == declared["dependencies"]


def test_node_modules_and_the_copies_are_ignored_by_git() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "node_modules/x", "events/web/static/vendor/x/y.js"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.stdout.split() == ["node_modules/x", "events/web/static/vendor/x/y.js"]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A source tree with the repository's package.json and lock, and a stand-in npm on PATH."""
    root = tmp_path / "tree"
    root.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, root / name)
    tools = tmp_path / "bin"
    tools.mkdir()
    npm = tools / "npm"
    npm.write_text(FAKE_NPM)
    npm.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}/usr/bin{os.pathsep}/bin")
    monkeypatch.setenv("NPM_CALLS", str(tmp_path / "calls"))
    return root


def _calls(tree: Path) -> list[str]:
    calls = tree.parent / "calls"
    return calls.read_text().splitlines() if calls.exists() else []


def test_a_fresh_tree_gets_npm_ci_without_scripts_and_only_the_listed_files(tree: Path) -> None:
    copied = vendor.install(tree)

    assert _calls(tree) == ["ci --ignore-scripts --no-audit --no-fund"]
    folder = tree / vendor.TARGET / "swagger-ui-dist"
    assert sorted(p.name for p in folder.iterdir()) == [
        "LICENSE",
        "NOTICE",
        "swagger-ui-bundle.js",
        "swagger-ui-bundle.js.LICENSE.txt",
        "swagger-ui-standalone-preset.js",
        "swagger-ui.css",
    ]
    assert sorted(p for p in copied if folder in p.parents) == sorted(folder.iterdir())
    assert (folder / "swagger-ui.css").read_text() == "swagger-ui.css of the package\n"
    assert oct((folder / "swagger-ui.css").stat().st_mode & 0o777) == oct(0o644)


def test_npm_runs_again_only_when_the_lock_is_newer_than_node_modules(tree: Path) -> None:
    vendor.install(tree)
    vendor.install(tree)
    assert len(_calls(tree)) == 1

    lock = tree / "package-lock.json"
    later = (tree / "node_modules" / ".package-lock.json").stat().st_mtime + 10
    os.utime(lock, (later, later))
    vendor.install(tree)
    assert len(_calls(tree)) == 2


def test_a_file_no_longer_listed_goes_and_an_unchanged_one_is_not_rewritten(tree: Path) -> None:
    vendor.install(tree)
    folder = tree / vendor.TARGET / "swagger-ui-dist"
    stale = folder / "old" / "swagger-ui-4.js"
    stale.parent.mkdir()
    stale.write_text("from a former list")
    bundle = folder / "swagger-ui-bundle.js"
    inode = bundle.stat().st_ino

    vendor.install(tree)

    assert not stale.exists() and not stale.parent.exists()
    assert bundle.stat().st_ino == inode


def test_a_missing_npm_is_said_plainly(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tree / "nowhere"))

    with pytest.raises(vendor.VendorError, match="npm is missing"):
        vendor.install(tree)
    assert not (tree / vendor.TARGET).exists()


def test_a_listed_file_missing_from_the_package_names_the_list(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(vendor.PACKAGES, "swagger-ui-dist", "swagger-ui-bundle.js gone.js")

    with pytest.raises(vendor.VendorError, match=r"gone\.js is not in node_modules"):
        vendor.install(tree)


def test_the_command_says_what_is_wrong_and_fails(
    tree: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m events.web.vendor`` (``main``) without npm, node_modules missing."""
    monkeypatch.setattr(vendor, "ROOT", tree)
    monkeypatch.setenv("PATH", str(tree / "nowhere"))

    assert vendor.main() == 1
    assert capsys.readouterr().err.startswith("events.web.vendor: npm is missing")
