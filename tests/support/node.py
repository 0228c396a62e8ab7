"""One ``npm install`` per test session, shared by every test that needs TypeScript packages.

Every rendered Node.js package (each service and the SSR function) has the same dependency
list (``render_package_files`` renders it from the runtime alone), so one install serves
them all through a ``node_modules`` symlink. ``SCAFFOLD_NODE_MODULES`` points at an existing
``node_modules`` to skip even that install.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from scaffold.render.typescript.emit import render_package_files


def shared_node_modules(base: Path) -> Path:
    """``node_modules`` of the rendered package.json, installed once per session under ``base``."""
    configured = os.environ.get("SCAFFOLD_NODE_MODULES")
    if configured:
        return Path(configured)
    folder = base / "scaffold-ts-deps"
    modules = folder / "node_modules"
    if (folder / ".installed").exists():
        return modules
    folder.mkdir(exist_ok=True)
    (folder / "package.json").write_bytes(
        render_package_files("deps", "deps", "nodejs22.x")["package.json"])
    proc = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefer-offline"],
                          cwd=folder, capture_output=True, text=True, timeout=1200, check=False)
    assert proc.returncode == 0, f"npm install failed:\n{proc.stdout}\n{proc.stderr}"
    (folder / ".installed").touch()
    return modules


def link_node_modules(project: Path, base: Path) -> list[Path]:
    """Link the shared ``node_modules`` into every package of a rendered project.

    A package is a folder with a ``package.json`` under ``services/`` or ``frontend/``;
    ``scaffold build`` then finds its dependencies installed and runs no ``npm install``
    of its own. Returns the package folders linked.
    """
    modules = shared_node_modules(base)
    shared = _dependencies(modules.parent / "package.json")
    linked = []
    for manifest in sorted([*project.glob("services/*/package.json"),
                            *project.glob("frontend/**/package.json")]):
        if "node_modules" in manifest.parts:
            continue
        # Only an identical dependency list may borrow the shared install.
        assert _dependencies(manifest) == shared, f"{manifest} lists other dependencies"
        target = manifest.parent / "node_modules"
        if not target.exists():
            target.symlink_to(modules, target_is_directory=True)
        linked.append(manifest.parent)
    return linked


def _dependencies(manifest: Path) -> dict[str, dict[str, str]]:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return {key: data.get(key, {}) for key in ("dependencies", "devDependencies")}
