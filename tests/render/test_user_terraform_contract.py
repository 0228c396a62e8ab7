"""Every name docs/extra-terraform.md promises to ``*.custom.tf`` files exists in rendered roots.

A custom file references generated modules, locals and data sources by name; the page lists
them as a contract. Each row is checked against the rendering of the example blueprints: the
module is rendered (and from which static module), every listed output is declared there,
and every listed local, variable and data source is declared in the root.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import BLUEPRINTS, REPO, render_files

DOC = (REPO / "docs" / "extra-terraform.md").read_text()
MODULES = REPO / "templates" / "terraform" / "modules"


def _rows(section: str) -> list[tuple[list[str], list[str]]]:
    """(names in the first cell, names in the second cell) of each table row of a section."""
    rows = []
    for line in section.splitlines():
        if line.startswith("| `"):
            first, second = line.split("|")[1:3]
            rows.append((re.findall(r"`([^`]+)`", first), re.findall(r"`([^`]+)`", second)))
    return rows


SERVICE, PLATFORM = DOC.split("In the platform root", 1)
SERVICE = SERVICE.split("## What a custom file may reference", 1)[1]


def _roots(kind: str) -> list[str]:
    """The concatenated main/variables HCL of every rendered root of that kind."""
    texts: dict[str, str] = {}
    for blueprint in BLUEPRINTS:
        for f in render_files(blueprint):
            folder, _, name = f.path.rpartition("/")
            wanted = (folder == "infra/platform" if kind == "platform"
                      else folder.startswith("infra/services/"))
            if wanted and name.endswith(".tf"):
                key = f"{blueprint.stem}:{folder}"
                texts[key] = texts.get(key, "") + f.content.decode()
    return list(texts.values())


@pytest.mark.parametrize(("kind", "section"), [("service", SERVICE), ("platform", PLATFORM)])
def test_every_documented_name_is_rendered(kind: str, section: str) -> None:
    roots = _roots(kind)
    rows = _rows(section)
    assert len(rows) >= 6, section
    everything = "\n".join(roots)
    for names, outputs in rows:
        for name in names:
            if name.startswith("module."):
                label = name.removeprefix("module.").replace("<", "(").split("(")[0]
                pattern = (rf'module "({re.escape(label)}\w*)" \{{\n  source = '
                           r'"\.\./(?:\.\./)?modules/(\w+)"' if label.endswith("_")
                           else rf'module "({re.escape(label)})" \{{\n  source = '
                           r'"\.\./(?:\.\./)?modules/(\w+)"')
                sources = {m.group(2) for m in re.finditer(pattern, everything)}
                assert sources, f"{name} is never rendered in a {kind} root"
                for source in sources:
                    declared = re.findall(r'^output "(\w+)"',
                                          (MODULES / source / "outputs.tf").read_text(), re.M)
                    assert set(outputs) <= set(declared), (name, source, declared)
            elif name.startswith("local."):
                local = name.removeprefix("local.").split("[")[0]
                assert all(re.search(rf"^  {local}\s+=", r, re.M) for r in roots), name
            elif name.startswith("var."):
                assert all(f'variable "{name.removeprefix("var.")}"' in r for r in roots), name
            elif name.startswith("data."):
                kind_, label = name.removeprefix("data.").split(".")
                assert all(f'data "{kind_}" "{label}"' in r for r in roots), name
            else:
                pytest.fail(f"unchecked name in docs/extra-terraform.md: {name}")
