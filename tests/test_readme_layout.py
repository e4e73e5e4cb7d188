"""The README's "Layout" section names every package of ``events/``, and only packages that
exist: a new package cannot land unexplained, a removed one cannot linger there."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_NAMED = re.compile(r"^(?P<path>events(?:/[a-z_]+)+)/\s", re.MULTILINE)


def _layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("\n## Layout\n")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else len(readme)]


def _mapped() -> dict[str, Path]:
    """Packages whose folder lies elsewhere in the repository (``events.sql`` is ``sql/``)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    folders = pyproject["tool"]["setuptools"].get("package-dir", {})
    return {name.replace(".", "/"): ROOT / folder for name, folder in folders.items()}


def _packages() -> set[str]:
    found = {
        init.parent.relative_to(ROOT).as_posix() for init in (ROOT / "events").rglob("__init__.py")
    }
    found |= {name for name, folder in _mapped().items() if (folder / "__init__.py").exists()}
    return found - {"events"}


def test_the_layout_names_every_package_of_events() -> None:
    named = {m["path"] for m in _NAMED.finditer(_layout())}
    assert _packages() - named == set()


def test_every_package_the_layout_names_exists() -> None:
    named = {m["path"] for m in _NAMED.finditer(_layout())}
    assert named - _packages() == set()
    news = {"events/api", "events/web", "events/directory", "events/messages", "events/sql"}
    assert news <= named
