"""`scaffold init` and `scaffold new-service`: what a user sees on disk and on the terminal."""

from __future__ import annotations

import difflib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from typer.testing import CliRunner

from scaffold import __version__
from scaffold.blueprint import model
from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.cli import app
from scaffold.project.blueprint_edit import (
    ServiceBlock,
    add_service_text,
    handler_for,
    starter_service,
)
from scaffold.project.install_source import (
    default_requirement,
    is_machine_local,
    requirement_for,
)
from scaffold.project.templates import Runtime

REPO = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _isolate(mp: pytest.MonkeyPatch, base: Path, cache: Path) -> None:
    """No user-level git or copier configuration, and a private template cache."""
    base.mkdir(parents=True, exist_ok=True)
    (base / "gitconfig").write_text("")
    mp.setenv("SCAFFOLD_CACHE_DIR", str(cache))
    (base / "copier-settings.yml").write_text("{}\n")
    mp.setenv("COPIER_SETTINGS_PATH", str(base / "copier-settings.yml"))
    mp.setenv("GIT_CONFIG_GLOBAL", str(base / "gitconfig"))
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME",
                "GIT_COMMITTER_EMAIL", "GIT_DIR", "GIT_WORK_TREE"):
        mp.delenv(var, raising=False)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One template cache per module: its git repositories are built once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path) -> None:
    _isolate(monkeypatch, tmp_path / ".env", cache)


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Iterator[Path]:
    """One `scaffold init demo` per module (Copier is slow); tests get copies."""
    base = tmp_path_factory.mktemp("init")
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, base / ".env", cache)
        result = runner.invoke(app, ["init", str(base / "demo")])
        assert result.exit_code == 0, result.output
        yield base / "demo"


@pytest.fixture
def project(initialised: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "demo"
    shutil.copytree(initialised, dest, symlinks=True)
    return dest


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
                          cwd=cwd, check=True, capture_output=True, text=True).stdout


def _assert_clean_failure(result: Result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    for fragment in fragments:
        assert fragment in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _inserted_lines(old: str, new: str) -> list[str]:
    """The lines ``new`` adds to ``old``; fails if anything else changed."""
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    ops = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes()
    changes = [op for op in ops if op[0] != "equal"]
    assert len(changes) == 1 and changes[0][0] == "insert", changes
    _, _, _, j1, j2 = changes[0]
    return new_lines[j1:j2]


# --- scaffold init ---------------------------------------------------------------------

def test_init_creates_the_project_files_and_a_valid_blueprint(initialised: Path) -> None:
    for rel in ("blueprint.yaml", "README.md", ".gitignore", ".github/workflows/ci.yml",
                ".copier-answers.yml", "blueprint.schema.json", "requirements-dev.txt"):
        assert (initialised / rel).is_file(), rel
    result = runner.invoke(app, ["validate", str(initialised / "blueprint.yaml")])
    assert result.exit_code == 0, result.output


def test_init_blueprint_has_comments_a_schema_hint_and_one_api_service(
        initialised: Path) -> None:
    text = (initialised / "blueprint.yaml").read_text()
    assert text.splitlines()[0] == "# yaml-language-server: $schema=./blueprint.schema.json"
    bp = validate(load_text(text))
    assert bp.name == "demo" and bp.region == "eu-west-1"
    assert list(bp.services) == ["api"] and len(bp.services["api"].routes) == 1
    assert bp.defaults.runtime == "nodejs22.x"
    assert text.count("\n#") >= 5


def test_init_ci_workflow_runs_every_check(initialised: Path) -> None:
    workflow = yaml.safe_load((initialised / ".github/workflows/ci.yml").read_text())
    steps = "\n".join(str(step.get("run", "")) for job in workflow["jobs"].values()
                      for step in job["steps"])
    for command in ("scaffold validate", "scaffold render --check", "scaffold build",
                    "npm test", "pytest", "init -backend=false", "validate", "scaffold plan"):
        assert command in steps, command
    assert "${{ github.ref }}" in (initialised / ".github/workflows/ci.yml").read_text()


def _workflow(initialised: Path) -> dict[str, Any]:
    workflow = yaml.safe_load((initialised / ".github/workflows/ci.yml").read_text())
    assert isinstance(workflow, dict)
    return workflow


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in job["steps"])


def _uses(job: dict[str, Any], action: str) -> dict[str, Any]:
    (step,) = [s for s in job["steps"] if str(s.get("uses", "")).startswith(action + "@")]
    return dict(step)


def test_init_ci_deploy_job_applies_each_stage_on_main_with_oidc_after_the_checks(
        initialised: Path) -> None:
    workflow = _workflow(initialised)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "check"
    assert "github.ref == 'refs/heads/main'" in deploy["if"]
    assert "github.event_name == 'push'" in deploy["if"]
    assert deploy["permissions"] == {"contents": "read", "id-token": "write"}
    assert deploy["strategy"]["max-parallel"] == 1
    assert deploy["strategy"]["matrix"]["stage"] == ["dev", "prod"]
    assert deploy["environment"] == "${{ matrix.stage == 'prod' && 'production' || matrix.stage }}"
    credentials = _uses(deploy, "aws-actions/configure-aws-credentials")
    assert credentials["with"]["role-to-assume"] == "${{ vars.AWS_ROLE_ARN }}"
    runs = _runs(deploy)
    assert "scaffold apply --stage ${{ matrix.stage }} --auto-approve" in runs
    assert "--force" not in runs
    assert runs.index("scaffold build") < runs.index("scaffold apply")
    # what gates it: the check job renders --check and runs the handlers' tests
    check = _runs(workflow["jobs"]["check"])
    for gate in ("scaffold render --check", "npm test", "python -m pytest"):
        assert gate in check, gate


def test_init_ci_plans_every_stage_on_pull_requests_and_uploads_the_plan(
        initialised: Path) -> None:
    workflow = _workflow(initialised)
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    plan = workflow["jobs"]["plan"]
    assert plan["needs"] == "check"
    assert "github.event_name == 'pull_request'" in plan["if"]
    assert plan["permissions"]["id-token"] == "write"
    assert "scaffold plan --stage ${{ matrix.stage }}" in _runs(plan)
    upload = _uses(plan, "actions/upload-artifact")
    assert upload["with"]["path"] == "plan-${{ matrix.stage }}.txt"
    assert upload["if"] == "${{ always() }}"
    assert "pull_request" in workflow["concurrency"]["cancel-in-progress"], (
        "a push to main must never cancel an apply in progress")


def test_init_gitignore_covers_build_output_and_terraform_state(initialised: Path) -> None:
    ignored = (initialised / ".gitignore").read_text().splitlines()
    for pattern in ("dist/", "node_modules/", ".terraform/", "*.tfstate", "*.tfstate.*",
                    "__pycache__/", ".env"):
        assert pattern in ignored, pattern


def test_init_makes_a_git_repo_with_one_clean_commit(initialised: Path) -> None:
    assert _git(initialised, "rev-list", "--count", "HEAD").strip() == "1"
    assert _git(initialised, "status", "--porcelain") == ""


def test_init_records_the_versioned_template_source(initialised: Path) -> None:
    answers = yaml.safe_load((initialised / ".copier-answers.yml").read_text())
    assert answers["_commit"].startswith(f"v{__version__}")
    assert answers["_src_path"] == ".scaffold/templates/project.bundle"
    assert (initialised / ".scaffold/templates/project.bundle").is_file()
    assert ".scaffold/templates/project.bundle" in _git(initialised, "ls-files")
    assert answers["app"] == "demo"
    assert (initialised / "requirements-dev.txt").read_text().splitlines()[-1] == (
        default_requirement())


def test_init_installs_scaffold_from_where_the_running_one_came_from() -> None:
    # This test run uses an editable install of the checkout: the project points at it.
    assert default_requirement() == f"scaffold-serverless @ {REPO.resolve().as_uri()}"


@pytest.mark.parametrize("record,expected", [
    ({}, f"scaffold-serverless=={__version__}"),
    ({"url": "https://github.com/acme/scaffold.git",
      "vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "v0.1.0"}},
     "scaffold-serverless @ git+https://github.com/acme/scaffold.git@0123abc"),
    ({"url": "file:///opt/wheels/scaffold_serverless-0.1.0-py3-none-any.whl",
      "archive_info": {}},
     "scaffold-serverless @ file:///opt/wheels/scaffold_serverless-0.1.0-py3-none-any.whl"),
    ({"url": "file:///src/scaffold", "dir_info": {"editable": True}},
     "scaffold-serverless @ file:///src/scaffold"),
])
def test_the_default_install_source_follows_the_installation_record(
        record: dict[str, object], expected: str) -> None:
    assert default_requirement(record) == expected


@pytest.mark.parametrize("source,expected", [
    ("0.1.0", "scaffold-serverless==0.1.0"),
    ("scaffold-serverless>=0.1,<0.2", "scaffold-serverless>=0.1,<0.2"),
    ("git+https://github.com/acme/scaffold@v0.1.0",
     "scaffold-serverless @ git+https://github.com/acme/scaffold@v0.1.0"),
    ("https://example.com/scaffold_serverless-0.1.0.tar.gz",
     "scaffold-serverless @ https://example.com/scaffold_serverless-0.1.0.tar.gz"),
])
def test_scaffold_source_forms_become_requirement_lines(source: str, expected: str) -> None:
    assert requirement_for(source) == expected


def test_a_local_scaffold_source_becomes_an_absolute_file_url(tmp_path: Path) -> None:
    wheel = tmp_path / "scaffold_serverless-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"")
    assert requirement_for(str(wheel)) == f"scaffold-serverless @ {wheel.as_uri()}"
    assert is_machine_local(requirement_for(str(wheel)))


def test_init_writes_the_scaffold_source_it_is_given(
        tmp_path: Path) -> None:
    source = "git+https://github.com/acme/scaffold@v0.1.0"
    result = runner.invoke(app, ["init", str(tmp_path / "demo"), "--scaffold-source", source])
    assert result.exit_code == 0, result.output
    line = (tmp_path / "demo" / "requirements-dev.txt").read_text().splitlines()[-1]
    assert line == f"scaffold-serverless @ {source}"
    assert f"requirements-dev.txt installs {line}" in result.stdout
    assert "this machine only" not in result.stderr


def test_init_warns_when_the_scaffold_source_is_a_path_of_this_machine(
        tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "demo"), "--scaffold-source",
                                 str(REPO)])
    assert result.exit_code == 0, result.output
    assert "that path exists on this machine only" in result.stderr


def test_init_refuses_a_scaffold_source_it_cannot_use(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "demo"), "--scaffold-source",
                                 "no/such/folder"])
    _assert_clean_failure(result, "--scaffold-source 'no/such/folder'", "git URL")
    assert not (tmp_path / "demo").exists()


def test_init_without_git_identity_commits_as_scaffold_and_says_so(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "shop")])
    assert result.exit_code == 0, result.output
    assert "user.name" in result.stderr
    assert _git(tmp_path / "shop", "log", "-1", "--format=%an").strip() == "scaffold"


@pytest.mark.parametrize("runtime", ["python3.13", "nodejs22.x"])
def test_init_options_reach_the_blueprint(tmp_path: Path, runtime: str) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "x"), "--name", "acme-shop",
                                 "--region", "us-east-2", "--runtime", runtime])
    assert result.exit_code == 0, result.output
    bp = validate(load_text((tmp_path / "x" / "blueprint.yaml").read_text()))
    assert (bp.name, bp.region, bp.defaults.runtime) == ("acme-shop", "us-east-2", runtime)


def test_init_derives_the_app_name_from_the_folder(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "My Shop_2")])
    assert result.exit_code == 0, result.output
    assert "name: my-shop-2\n" in (tmp_path / "My Shop_2" / "blueprint.yaml").read_text()


def test_init_inside_a_git_repo_neither_inits_nor_commits(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    result = runner.invoke(app, ["init", str(tmp_path / "apps" / "demo")])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "apps" / "demo" / ".git").exists()
    assert "inside the git repository" in result.output
    assert _git(tmp_path, "status", "--porcelain", "--untracked-files=all").count("\n") >= 5


def test_init_without_git_says_so_and_still_creates_the_project(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    result = runner.invoke(app, ["init", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert "git is not installed" in result.stderr
    assert (tmp_path / "demo" / "blueprint.yaml").is_file()
    assert not (tmp_path / "demo" / ".git").exists()


def test_init_accepts_an_empty_folder_holding_only_git(tmp_path: Path) -> None:
    (tmp_path / "demo").mkdir()
    _git(tmp_path / "demo", "init", "-q")
    result = runner.invoke(app, ["init", str(tmp_path / "demo")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "demo" / "blueprint.yaml").is_file()


def test_init_refuses_a_non_empty_folder_and_touches_nothing(tmp_path: Path) -> None:
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["init", str(tmp_path / "demo")])
    _assert_clean_failure(result, "is not empty", "hint:")
    assert sorted(p.name for p in (tmp_path / "demo").iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(("args", "message"), [
    (["--name", "Bad_Name"], "application name 'Bad_Name'"),
    (["--region", "moon-1"], "'moon-1' is not an AWS region"),
])
def test_init_rejects_bad_options_before_writing(tmp_path: Path, args: list[str],
                                                 message: str) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "demo"), *args])
    _assert_clean_failure(result, message)
    assert not (tmp_path / "demo").exists()


def test_init_rejects_an_unknown_runtime_as_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path / "demo"), "--runtime", "ruby3.3"])
    assert result.exit_code == 2
    assert not (tmp_path / "demo").exists()


def test_init_help_teaches_the_options() -> None:
    result = runner.invoke(app, ["init", "--help"])
    assert result.exit_code == 0
    for option in ("--name", "--region", "--runtime", "python3.13", "--scaffold-source",
                   "Example:"):
        assert option in result.output


# --- scaffold new-service --------------------------------------------------------------

def test_new_service_adds_the_service_and_keeps_every_other_byte(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    before = (project / "blueprint.yaml").read_text()
    result = runner.invoke(app, ["new-service", "billing", "--runtime", "python3.13"])
    assert result.exit_code == 0, result.output
    after = (project / "blueprint.yaml").read_text()
    assert _inserted_lines(before, after) == [
        "  billing:\n",
        "    runtime: python3.13\n",
    ]
    assert "no route yet" in result.output
    assert runner.invoke(app, ["validate"]).exit_code == 0


def test_new_service_adds_the_route_it_is_asked_for(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    before = (project / "blueprint.yaml").read_text()
    result = runner.invoke(app, ["new-service", "billing", "--runtime", "python3.13",
                                 "--route", "GET /invoices/{id}"])
    assert result.exit_code == 0, result.output
    assert _inserted_lines(before, (project / "blueprint.yaml").read_text()) == [
        "  billing:\n",
        "    runtime: python3.13\n",
        "    routes:\n",
        "      GET /invoices/{id}: {handler: getInvoices, auth: public}\n",
    ]
    assert "writes the stub of getInvoices" in result.output
    assert runner.invoke(app, ["validate"]).exit_code == 0


def test_new_service_refuses_a_route_that_clashes_and_changes_nothing(project: Path) -> None:
    path = project / "blueprint.yaml"
    before = path.read_bytes()
    route = next(iter(load_text(before.decode()).data["services"]["api"]["routes"]))
    result = runner.invoke(app, ["new-service", "billing", "-b", str(path), "--route", route])
    _assert_clean_failure(result, "nothing was changed")
    assert path.read_bytes() == before
    assert not (project / "services" / "billing").exists()


def test_new_service_creates_the_code_folder_with_copier_answers(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["new-service", "billing", "--runtime", "python3.13"])
    assert result.exit_code == 0, result.output
    folder = project / "services" / "billing"
    for rel in ("README.md", ".gitignore", ".copier-answers.yml"):
        assert (folder / rel).is_file(), rel
    answers = yaml.safe_load((folder / ".copier-answers.yml").read_text())
    assert answers["service"] == "billing" and answers["app"] == "demo"
    assert answers["runtime"] == "python3.13"
    assert answers["_commit"].startswith(f"v{__version__}")
    assert answers["_src_path"] == ".scaffold/templates/service-python.bundle"
    assert (project / answers["_src_path"]).is_file()
    assert "services/billing" in result.output


def test_new_service_defaults_to_the_blueprint_runtime_and_typescript_template(
        project: Path) -> None:
    result = runner.invoke(app, ["new-service", "orders", "-b",
                                 str(project / "blueprint.yaml")])
    assert result.exit_code == 0, result.output
    answers = yaml.safe_load((project / "services/orders/.copier-answers.yml").read_text())
    assert answers["runtime"] == "nodejs22.x"
    assert answers["_src_path"] == ".scaffold/templates/service-typescript.bundle"
    bp = validate(load_text((project / "blueprint.yaml").read_text()))
    assert bp.services["orders"].runtime == "nodejs22.x"


def test_new_service_then_copier_update_has_a_clean_repo_to_work_on(project: Path) -> None:
    assert runner.invoke(app, ["new-service", "billing", "-b",
                               str(project / "blueprint.yaml")]).exit_code == 0
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "billing")
    assert _git(project, "status", "--porcelain") == ""


@pytest.mark.parametrize("name", ["Billing", "bill_ing", "../escape", "9lives", "a" * 31])
def test_new_service_rejects_a_bad_name_and_changes_nothing(project: Path, name: str) -> None:
    before = (project / "blueprint.yaml").read_bytes()
    result = runner.invoke(app, ["new-service", name, "-b", str(project / "blueprint.yaml")])
    _assert_clean_failure(result, f"'{name}'")
    assert (project / "blueprint.yaml").read_bytes() == before
    assert not (project / "services").exists()


def test_new_service_refuses_an_existing_service_with_its_location(project: Path) -> None:
    before = (project / "blueprint.yaml").read_bytes()
    result = runner.invoke(app, ["new-service", "api", "-b", str(project / "blueprint.yaml")])
    _assert_clean_failure(result, "service 'api' already exists", "blueprint.yaml:")
    assert (project / "blueprint.yaml").read_bytes() == before


def test_new_service_refuses_an_existing_folder(project: Path) -> None:
    (project / "services" / "billing").mkdir(parents=True)
    (project / "services" / "billing" / "app.py").write_text("print('mine')\n")
    result = runner.invoke(app, ["new-service", "billing", "-b",
                                 str(project / "blueprint.yaml")])
    _assert_clean_failure(result, "already exists")
    assert (project / "services/billing/app.py").read_text() == "print('mine')\n"
    assert "billing" not in (project / "blueprint.yaml").read_text()


def test_new_service_refuses_an_invalid_blueprint(project: Path) -> None:
    path = project / "blueprint.yaml"
    path.write_text(path.read_text().replace("region: eu-west-1", "region: nowhere"))
    result = runner.invoke(app, ["new-service", "billing", "-b", str(path)])
    _assert_clean_failure(result, "not an AWS region", "fix these first")
    assert not (project / "services").exists()


def test_new_service_without_a_blueprint_points_to_init(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new-service", "billing", "-b",
                                 str(tmp_path / "blueprint.yaml")])
    _assert_clean_failure(result, "blueprint file not found", "scaffold init")


def test_new_service_help_teaches_the_options() -> None:
    result = runner.invoke(app, ["new-service", "--help"])
    assert result.exit_code == 0
    for option in ("--runtime", "--blueprint", "--route", "NAME", "Examples:"):
        assert option in result.output
    assert "copier update" in " ".join(result.output.split())
    assert "no route unless --route" in " ".join(result.output.split())


# --- the blueprint edit itself (no Copier: fast) ---------------------------------------

WITH_SECTIONS_AFTER = """\
# head comment
blueprint: 1
name: shop   # trailing comment
region: eu-west-1
services:
    # the catalogue
    catalog:
        routes:
            GET /items: { handler: listItems, auth: public }   # spaced flow map
        tables:
            items: {key: id}
    # a commented-out service stays where it is
    # legacy:
    #     routes: {}

# alerts come after the services
alerts:
  email: [ops@example.com]
...
"""


def _block(text: str, name: str = "billing", runtime: str = "nodejs22.x") -> ServiceBlock:
    return starter_service(name, runtime, load_text(text).data)


@pytest.mark.parametrize("source", ["blueprints/webapp.yaml", "blueprints/minimal.yaml"])
def test_blueprint_edit_only_inserts_lines_in_the_shipped_examples(source: str) -> None:
    text = (REPO / source).read_text()
    new = add_service_text(text, _block(text))
    inserted = "".join(_inserted_lines(text, new))
    assert "billing:" in inserted
    bp = validate(load_text(new))
    assert list(bp.services)[-1] == "billing"


def test_blueprint_edit_keeps_comments_spacing_and_following_sections() -> None:
    new = add_service_text(WITH_SECTIONS_AFTER, _block(WITH_SECTIONS_AFTER, runtime="python3.13"))
    assert _inserted_lines(WITH_SECTIONS_AFTER, new) == [
        "    billing:\n",
        "        runtime: python3.13\n",
    ]
    assert new.index("billing:") < new.index("# alerts come after the services")


def test_blueprint_edit_keeps_crlf_and_a_missing_final_newline() -> None:
    text = "blueprint: 1\r\nname: shop\r\nregion: eu-west-1\r\nservices:\r\n  a: {}"
    new = add_service_text(text, _block(text))
    assert new.startswith(text + "\r\n  billing:\r\n")
    assert "\n" not in new.replace("\r\n", "")


def test_blueprint_edit_uses_user_auth_when_the_blueprint_has_a_user_pool() -> None:
    text = (REPO / "blueprints/webapp.yaml").read_text()
    block = starter_service("billing", "nodejs22.x", load_text(text).data, "GET /billing")
    assert block.auth == "user"
    new = add_service_text(text, block)
    assert "      GET /billing: {handler: getBilling, auth: user}\n" in new
    validate(load_text(new))


def test_blueprint_edit_adds_no_route_unless_asked() -> None:
    block = _block(WITH_SECTIONS_AFTER)
    assert block.route is None and block.handler is None
    assert block.as_data() == {"runtime": "nodejs22.x"}


@pytest.mark.parametrize("route,handler", [
    ("GET /billing", "getBilling"),
    ("POST /billing/{id}/lines", "postBillingLines"),
    ("DELETE  /user-admin/{id}", "deleteUserAdmin"),
    ("GET /", "getRoot"),
])
def test_a_requested_routes_handler_is_named_after_it(route: str, handler: str) -> None:
    assert handler_for(" ".join(route.split())) == handler


def test_blueprint_edit_of_flow_style_services_keeps_the_data() -> None:
    text = "blueprint: 1\nname: shop\nregion: eu-west-1\nservices: {a: {}}\n"
    new = add_service_text(text, _block(text))
    assert list(load_text(new).data["services"]) == ["a", "billing"]


def test_cli_runtimes_are_the_models_runtimes() -> None:
    assert tuple(r.value for r in Runtime) == model.RUNTIMES
