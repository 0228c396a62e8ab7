"""Project stage: ``scaffold new-service`` as a function: edit the blueprint, add the code folder.

Order: check everything, compute the new blueprint text and validate it, render the
service template into ``services/<name>/``, then replace the blueprint atomically. A
failure before the last step leaves the blueprint as it was and removes the new folder.
"""

from __future__ import annotations

import codecs
import shutil
from dataclasses import dataclass
from pathlib import Path

from scaffold.blueprint import names
from scaffold.blueprint.load import load_blueprint, load_text
from scaffold.blueprint.validate import validate
from scaffold.errors import BlueprintError, ScaffoldError
from scaffold.output.writer import write_atomic
from scaffold.plan.contract import python_package
from scaffold.project.blueprint_edit import ServiceBlock, add_service_text, starter_service
from scaffold.project.generate import copy_template
from scaffold.project.reporter import NullReporter, Reporter
from scaffold.project.templates import Runtime, TemplateSource, service_template

__all__ = ["NewServiceResult", "add_service", "check_service_name"]

DEFAULT_RUNTIME = Runtime.NODEJS22.value


@dataclass(frozen=True)
class NewServiceResult:
    """What ``add_service`` did.

    Attributes:
        block: The entry added to the blueprint (runtime; route and handler if asked).
        folder: The new code folder ``services/<name>/``.
        template: The Copier source recorded in the folder's ``.copier-answers.yml``.
    """

    block: ServiceBlock
    folder: Path
    template: TemplateSource


def check_service_name(name: str) -> None:
    """Raise a ``ScaffoldError`` unless ``name`` is a valid service name (``names.SERVICE``)."""
    if not names.SERVICE.fullmatch(name):
        raise ScaffoldError(names.explain_bad_name(name, "service"),
                            hint="for example: billing, user-admin")


def add_service(blueprint: Path, name: str, runtime: str | None = None, *,
                route: str | None = None, reporter: Reporter | None = None
                ) -> NewServiceResult:
    """Add service ``name`` to ``blueprint`` and create its code folder from a Copier template.

    Args:
        blueprint: The project's blueprint file; ``services/<name>/`` is created next to it.
        name: The new service's name.
        runtime: Its Lambda runtime (default: the blueprint's ``defaults.runtime``, else
            ``nodejs22.x``).
        route: ``METHOD /path`` of a first route to add (default: none).
        reporter: Receives progress.

    Returns:
        What was added and where.

    Raises:
        ScaffoldError: If the name is invalid or taken, its folder exists, the blueprint is
            invalid before or would be after the edit, or the template cannot be rendered.
    """
    reporter = reporter or NullReporter()
    check_service_name(name)
    if runtime is not None and runtime not in set(Runtime):
        raise ScaffoldError(f"unknown runtime '{runtime}'",
                            hint="one of " + ", ".join(r.value for r in Runtime))
    doc = load_blueprint(blueprint)
    try:
        bp = validate(doc)
    except BlueprintError as exc:
        raise ScaffoldError(exc.format(), hint="new-service edits only a valid blueprint; "
                            "fix these first (scaffold validate)") from None
    if name in bp.services:
        raise ScaffoldError(f"{doc.source_map.key(('services', name))}: service '{name}' "
                            "already exists", hint="choose another name")
    folder = blueprint.parent / "services" / name
    if folder.exists() or folder.is_symlink():
        raise ScaffoldError(f"{folder} already exists; the new service's code goes there",
                            hint="move that folder away, or choose another name")

    raw = blueprint.read_bytes()
    bom = raw.startswith(codecs.BOM_UTF8)
    text = raw.decode("utf-8-sig")
    block = starter_service(name, runtime or bp.defaults.runtime or DEFAULT_RUNTIME, doc.data,
                            route)
    new_text = add_service_text(text, block)
    try:
        validate(load_text(new_text, str(blueprint)))
    except BlueprintError as exc:
        raise ScaffoldError(exc.format(), hint=f"the blueprint would be invalid with service "
                            f"'{name}'; nothing was changed") from None

    template = service_template(block.runtime)
    data = {"app": bp.name, "service": name, "runtime": block.runtime,
            "package": python_package(name)}
    try:
        source = copy_template(template, folder, data, reporter=reporter,
                               project_root=blueprint.parent)
        reporter.step(f"created {folder}/ from the {template} template"
                      + (f" ({source.ref})" if source.ref else ""))
        write_atomic(blueprint, (codecs.BOM_UTF8 if bom else b"") + new_text.encode())
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    routes = f"route {block.route}" if block.route else "no route yet"
    reporter.step(f"added service '{name}' ({block.runtime}, {routes}) to {blueprint}")
    return NewServiceResult(block, folder, source)
