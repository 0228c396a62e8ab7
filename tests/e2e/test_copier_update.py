"""`copier update` on a service folder brings template changes and keeps the user's work.

Written as stories, the way Copier tests updates (its ``test_skip_update``): a local
tagged template repository in ``tmp_path``, a project generated from it and committed,
user edits, a new template tag, then ``copier.run_update``.
"""

from __future__ import annotations

import shutil
import subprocess
from contextlib import chdir
from pathlib import Path

import pytest
import yaml
from copier import run_copy, run_update
from typer.testing import CliRunner

from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.cli import app
from scaffold.project import templates
from scaffold.project.init import init_project
from scaffold.project.new_service import add_service
from scaffold.project.portable import update_folder
from scaffold.project.templates import ensure_template_repo, export_template

# What the stub helpers' package files would hold, for template copies that lack them.
PLACEHOLDERS = {
    "service-python": {"pyproject.toml.jinja": '[project]\nname = "{{ app }}-{{ service }}"\n'},
    "service-typescript": {"package.json.jinja": '{"name": "{{ app }}-{{ service }}"}\n',
                           "tsconfig.json.jinja": '{"compilerOptions": {"strict": true}}\n'},
}
USER_HANDLER = '''"""getBilling: my own code now."""


def handler(event, context):
    return {"statusCode": 200, "body": "billing is mine"}
'''


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user-level git or copier configuration, and a private scaffold cache."""
    (tmp_path / "gitconfig").write_text("")
    (tmp_path / "copier-settings.yml").write_text("{}\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("COPIER_SETTINGS_PATH", str(tmp_path / "copier-settings.yml"))
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "cache"))


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          cwd=cwd, check=True, capture_output=True, text=True).stdout


def template_copy(name: str, dest: Path) -> Path:
    """The shipped template ``name`` as plain files in ``dest``, package files included."""
    dest.mkdir(parents=True)
    export_template(name, dest)
    for rel, text in PLACEHOLDERS[name].items():
        if not (dest / rel).exists():
            (dest / rel).write_text(text)
    return dest


def commit_all(repo: Path, message: str, tag: str | None = None) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    if tag:
        git(repo, "tag", tag)


def new_project(root: Path) -> Path:
    root.mkdir()
    git(root, "init", "-q")
    (root / "blueprint.yaml").write_text("blueprint: 1\nname: demo\nregion: eu-west-1\n"
                                         "services:\n  billing: {}\n")
    return root


def edit_like_a_user(service: Path) -> None:
    """Fill in the handler `scaffold render` wrote, and add a note to the README."""
    handler = service / "src" / "billing" / "handlers" / "get_billing.py"
    handler.parent.mkdir(parents=True)
    handler.write_text("def handler(event, context):\n    raise NotImplementedError\n")
    commit_all(service.parents[1], "render: stub of getBilling")
    handler.write_text(USER_HANDLER)
    readme = service / "README.md"
    readme.write_text(readme.read_text() + "\n## Team notes\n\nOwned by the payments team.\n")
    commit_all(service.parents[1], "my handler")


def improve_template(template: Path) -> None:
    """A template release: a README paragraph, a new ignore line, a new file."""
    readme = template / "README.md.jinja"
    readme.write_text(readme.read_text().replace(
        "This folder is yours.",
        "This folder is yours (template v2 says hello).", 1))
    ignore = template / ".gitignore.jinja"
    ignore.write_text(ignore.read_text() + ".template-v2-cache/\n")
    (template / "CHANGELOG.md.jinja").write_text("# {{ service }} changelog\n")


def assert_update_kept_the_user_work(service: Path) -> None:
    handler = service / "src" / "billing" / "handlers" / "get_billing.py"
    assert handler.read_text() == USER_HANDLER
    readme = (service / "README.md").read_text()
    assert "(template v2 says hello)" in readme
    assert "Owned by the payments team." in readme
    assert ".template-v2-cache/" in (service / ".gitignore").read_text().splitlines()
    assert (service / "CHANGELOG.md").read_text() == "# billing changelog\n"
    assert not list(service.rglob("*.rej"))


@pytest.mark.parametrize("name", ["service-python", "service-typescript"])
def test_copier_update_brings_template_changes_and_keeps_an_edited_handler(
        tmp_path: Path, name: str) -> None:
    template = template_copy(name, tmp_path / "template")
    git(template, "init", "-q")
    commit_all(template, "v1", tag="v1")
    project = new_project(tmp_path / "project")
    service = project / "services" / "billing"
    run_copy(str(template), service, data={"app": "demo", "service": "billing"},
             defaults=True, quiet=True)
    commit_all(project, "new-service billing")
    edit_like_a_user(service)

    improve_template(template)
    commit_all(template, "v2", tag="v2")
    run_update(service, defaults=True, overwrite=True, quiet=True, unsafe=True)

    assert_update_kept_the_user_work(service)
    answers = yaml.safe_load((service / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v2" and answers["service"] == "billing"


def test_new_service_then_a_scaffold_upgrade_then_scaffold_update(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = template_copy("service-python", tmp_path / "shipped")
    monkeypatch.setattr(templates, "shipped_template", lambda _name: shipped)
    monkeypatch.setattr(templates, "__version__", "1.0.0")
    project = new_project(tmp_path / "project")
    (project / "blueprint.yaml").write_text("# my blueprint\nblueprint: 1\nname: demo\n"
                                            "region: eu-west-1\nservices:\n"
                                            "  api: {routes: {GET /hello: sayHello}}\n")
    commit_all(project, "init")
    result = add_service(project / "blueprint.yaml", "billing", "python3.13")
    assert result.template.ref == "v1.0.0"
    assert result.template.src_path == ".scaffold/templates/service-python.bundle"
    validate(load_text((project / "blueprint.yaml").read_text()))
    commit_all(project, "new-service billing")
    edit_like_a_user(result.folder)

    improve_template(shipped)
    monkeypatch.setattr(templates, "__version__", "1.1.0")
    updated = update_folder(project, result.folder)
    assert (updated.old, updated.new) == ("v1.0.0", "v1.1.0")

    assert_update_kept_the_user_work(result.folder)
    answers = yaml.safe_load((result.folder / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.1.0"
    assert answers["_src_path"] == ".scaffold/templates/service-python.bundle"


def test_a_second_clone_elsewhere_with_an_empty_cache_updates_from_the_project_itself(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The answers record no machine-local path: the template history travels in git."""
    shipped = template_copy("service-python", tmp_path / "shipped")
    monkeypatch.setattr(templates, "shipped_template", lambda _name: shipped)
    monkeypatch.setattr(templates, "__version__", "1.0.0")
    (tmp_path / "machine-a").mkdir()
    first = new_project(tmp_path / "machine-a" / "project")
    (first / "blueprint.yaml").write_text("blueprint: 1\nname: demo\nregion: eu-west-1\n"
                                          "services:\n  api: {routes: {GET /hello: sayHello}}\n")
    commit_all(first, "init")
    made = add_service(first / "blueprint.yaml", "billing", "python3.13")
    commit_all(first, "new-service billing")
    answers_text = (made.folder / ".copier-answers.yml").read_text()
    assert str(tmp_path) not in answers_text and "~" not in answers_text

    clone = tmp_path / "machine-b" / "elsewhere" / "clone"
    clone.parent.mkdir(parents=True)
    git(clone.parent, "clone", "-q", str(first), clone.name)
    shutil.rmtree(tmp_path / "cache")
    monkeypatch.setenv("SCAFFOLD_CACHE_DIR", str(tmp_path / "machine-b" / "cache"))
    service = clone / "services" / "billing"
    edit_like_a_user(service)

    # Plain `copier update`, run from the project root as its docs say, no longer crashes.
    with chdir(clone):
        run_update(service, defaults=True, overwrite=True, quiet=True)
    assert git(clone, "status", "--porcelain") == ""

    improve_template(shipped)
    monkeypatch.setattr(templates, "__version__", "1.1.0")
    monkeypatch.chdir(clone)
    result = CliRunner().invoke(app, ["update", "services/billing"])
    assert result.exit_code == 0, result.output
    assert "services/billing: service-python template v1.0.0 -> v1.1.0" in result.output
    assert_update_kept_the_user_work(service)
    commit_all(clone, "template v1.1.0")
    again = CliRunner().invoke(app, ["update"])
    assert again.exit_code == 0, again.output
    assert "services/billing: service-python template already at v1.1.0" in again.output


def test_copier_update_of_the_project_never_touches_the_blueprint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    export_template("project", shipped)
    monkeypatch.setattr(templates, "shipped_template", lambda _name: shipped)
    monkeypatch.setattr(templates, "__version__", "1.0.0")
    root = init_project(tmp_path / "demo").root
    blueprint = root / "blueprint.yaml"
    blueprint.write_text(blueprint.read_text().replace("GET /hello", "GET /greeting"))
    commit_all(root, "my route")
    mine = blueprint.read_text()

    for rel in ("blueprint.yaml.jinja", "README.md.jinja"):
        (shipped / rel).write_text((shipped / rel).read_text() + "# template v2\n")
    monkeypatch.setattr(templates, "__version__", "1.1.0")
    update_folder(root, root)

    assert blueprint.read_text() == mine
    assert (root / "README.md").read_text().endswith("# template v2\n")


# --- how scaffold versions its template repositories --------------------------------

def test_template_repo_reuses_its_tag_when_nothing_changed(tmp_path: Path) -> None:
    first = ensure_template_repo("service-python", version="1.0.0")
    repo = Path(first.src_path)
    head = git(repo, "rev-parse", "HEAD")
    again = ensure_template_repo("service-python", version="1.0.0")
    assert again == first and first.ref == "v1.0.0"
    assert git(repo, "rev-parse", "HEAD") == head
    assert git(repo, "status", "--porcelain") == ""


def test_template_repo_tags_each_version_and_keeps_old_tags(tmp_path: Path) -> None:
    ensure_template_repo("service-typescript", version="1.0.0")
    source = ensure_template_repo("service-typescript", version="1.1.0")
    repo = Path(source.src_path)
    assert git(repo, "tag", "--list").split() == ["v1.0.0", "v1.1.0"]
    assert git(repo, "rev-parse", "v1.0.0") != git(repo, "rev-parse", "v1.1.0")


def test_template_repo_changed_within_one_version_gets_a_post_release_tag(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = template_copy("service-python", tmp_path / "shipped")
    monkeypatch.setattr(templates, "shipped_template", lambda _name: shipped)
    assert ensure_template_repo("service-python", version="1.0.0").ref == "v1.0.0"
    (shipped / "README.md.jinja").write_text("changed in a dev build\n")
    assert ensure_template_repo("service-python", version="1.0.0").ref == "v1.0.0.post1"
    (shipped / "README.md.jinja").write_text("changed again\n")
    assert ensure_template_repo("service-python", version="1.0.0").ref == "v1.0.0.post2"


def test_template_repo_under_home_is_recorded_with_a_tilde(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCAFFOLD_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    source = ensure_template_repo("project", version="1.0.0")
    assert source.src_path == "~/.cache/scaffold/templates/project"
    assert (tmp_path / "home/.cache/scaffold/templates/project/.git").is_dir()
