"""Function settings (reserved concurrency, /tmp, layers, VPC), environment references and the
HTTP API's CORS block, from blueprint to plan and to the rendered roots (issue 14)."""

from __future__ import annotations

from typing import Any

import hcl2
import pytest

from scaffold.blueprint import model
from scaffold.blueprint.load import load_text
from scaffold.blueprint.validate import validate
from scaffold.plan.build import build_plan
from scaffold.plan.ir import Ref
from tests.helpers import render_files

LAYER = "arn:aws:lambda:eu-west-1:123456789012:layer:shared:3"
OTHER_LAYER = "arn:aws:lambda:eu-west-1:123456789012:layer:otel:9"
SUBNET, GROUP = "subnet-0123456789abcdef0", "sg-0123456789abcdef0"

BLUEPRINT = f"""\
blueprint: 1
name: acme
region: eu-west-1
stages:
  dev: {{}}
  prod:
    reserved_concurrency: 50
    vpc: {{subnets: [{SUBNET}], security_groups: [{GROUP}]}}
api:
  cors:
    origins: [https://app.acme.example]
    credentials: true
    max_age: 600
services:
  projects:
    layers: [{LAYER}]
    tables: {{projects: {{key: id}}}}
    secrets: [api-key]
    uploads:
      files: {{presign: getUploadUrl, route: POST /files}}
    routes:
      GET /projects:
        handler: listProjects
        reads: [projects]
        reserved_concurrency: 5
        ephemeral_storage: 2048
        layers: [{OTHER_LAYER}]
        environment:
          TABLE: {{table: projects}}
          BUCKET: {{bucket: files}}
          KEY: {{secret: api-key}}
          LITERAL: "${{table:projects}}"
      POST /projects: createProject
"""


def _plan() -> Any:
    return build_plan(validate(load_text(BLUEPRINT)))


def _functions() -> dict[str, Any]:
    return {fn.handler: fn for fn in _plan().services[0].functions}


def _unquote(value: Any) -> Any:
    """python-hcl2 keeps the quotes of string literals and block labels; drop them."""
    if isinstance(value, dict):
        return {_unquote(k): _unquote(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unquote(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _tf(path: str, blueprint: str = BLUEPRINT) -> dict[str, Any]:
    files = {f.path: f.content.decode() for f in render_files(blueprint)}
    parsed: dict[str, Any] = _unquote(hcl2.loads(files[path]))
    return parsed


def _module(doc: dict[str, Any], name: str) -> dict[str, Any]:
    block: dict[str, Any] = next(m[name] for m in doc["module"] if name in m)
    return block


def test_every_setting_name_is_a_field_of_the_settings_model() -> None:
    assert set(model.SETTING_NAMES) == set(model.FunctionSettings.model_fields)


def test_a_function_setting_wins_over_the_stage_and_a_stage_over_nothing() -> None:
    fns = _functions()
    assert fns["listProjects"].settings["prod"].reserved_concurrency == 5
    assert fns["createProject"].settings["prod"].reserved_concurrency == 50
    assert fns["createProject"].settings["dev"].reserved_concurrency is None


def test_ephemeral_storage_defaults_to_the_free_512_mb() -> None:
    fns = _functions()
    assert fns["listProjects"].settings["dev"].ephemeral_storage == 2048
    assert fns["createProject"].settings["dev"].ephemeral_storage == 512


def test_a_function_layer_list_replaces_the_service_list_whole() -> None:
    fns = _functions()
    assert fns["listProjects"].settings["dev"].layers == (OTHER_LAYER,)
    assert fns["createProject"].settings["dev"].layers == (LAYER,)


def test_the_vpc_of_a_stage_reaches_its_functions_only_in_that_stage() -> None:
    fn = _functions()["createProject"]
    assert (fn.settings["prod"].subnet_ids, fn.settings["prod"].security_group_ids) == (
        (SUBNET,), (GROUP,))
    assert fn.settings["dev"].subnet_ids == () == fn.settings["dev"].security_group_ids


def test_environment_references_become_references_and_strings_stay_literals() -> None:
    env = _functions()["listProjects"].environment
    assert env["TABLE"] == Ref("table", "projects", "name")
    assert env["BUCKET"] == Ref("bucket", "files", "name")
    assert env["KEY"] == Ref("secret", "api-key", "name")
    assert env["LITERAL"] == "${table:projects}"


def test_the_rendered_function_gets_its_stage_settings_and_resolved_environment() -> None:
    doc = _tf("infra/services/projects/main.tf")
    fn = _module(doc, "fn_list_projects")
    setting = '${local.settings["list_projects"].'
    assert fn["reserved_concurrent_executions"] == setting + "reserved_concurrency}"
    assert fn["vpc_subnet_ids"] == setting + "subnet_ids}"
    assert fn["vpc_security_group_ids"] == setting + "security_group_ids}"
    assert fn["ephemeral_storage_size"] == setting + "ephemeral_storage}"
    assert fn["layers"] == setting + "layers}"
    env = fn["environment_variables"]
    assert env["TABLE"] == "${module.table_projects.table_name}"
    assert env["BUCKET"] == "${module.bucket_files.bucket_name}"
    assert env["KEY"] == '${local.secret_paths["api-key"]}'
    # escaped: Terraform reads the literal characters back, no interpolation
    assert env["LITERAL"] == "$${table:projects}"
    by_stage = next(loc["settings_by_stage"] for loc in doc["locals"]
                    if "settings_by_stage" in loc)
    assert by_stage["prod"]["create_project"]["subnet_ids"] == [SUBNET]
    assert by_stage["dev"]["create_project"]["subnet_ids"] == []
    assert by_stage["prod"]["list_projects"]["reserved_concurrency"] == 5
    assert by_stage["dev"]["create_project"]["reserved_concurrency"] is None
    assert by_stage["dev"]["list_projects"]["layers"] == [OTHER_LAYER]


def test_a_root_without_the_optional_settings_passes_none_of_them() -> None:
    plain = ("blueprint: 1\nname: acme\nregion: eu-west-1\n"
             "services:\n  users:\n    routes:\n      GET /me: getMe\n")
    fn = _module(_tf("infra/services/users/main.tf", plain), "fn_get_me")
    for key in ("reserved_concurrent_executions", "ephemeral_storage_size", "layers",
                "vpc_subnet_ids", "vpc_security_group_ids"):
        assert key not in fn


def test_the_cors_block_reaches_the_http_api_and_defaults_are_left_to_the_module() -> None:
    api = _module(_tf("infra/platform/main.tf"), "http_api")
    assert api["cors_origins"] == ["https://app.acme.example"]
    assert api["cors_allow_credentials"] is True
    assert api["cors_max_age"] == 600
    assert "cors_allow_methods" not in api and "cors_allow_headers" not in api


@pytest.mark.parametrize("cors", [
    "cors_origins: [https://app.acme.example]",
    "cors: {origins: [https://app.acme.example]}",
])
def test_cors_origins_is_the_short_form_of_cors(cors: str) -> None:
    text = BLUEPRINT.replace(
        "  cors:\n    origins: [https://app.acme.example]\n    credentials: true\n"
        "    max_age: 600\n", f"  {cors}\n")
    assert build_plan(validate(load_text(text))).platform.cors.origins == (
        "https://app.acme.example",)


def test_six_layers_are_refused_with_a_located_error() -> None:
    from scaffold.errors import BlueprintError

    six = ", ".join(f"arn:aws:lambda:eu-west-1:123456789012:layer:l{i}:1" for i in range(6))
    text = BLUEPRINT.replace(f"    layers: [{LAYER}]\n", f"    layers: [{six}]\n")
    with pytest.raises(BlueprintError) as caught:
        validate(load_text(text, "blueprint.yaml"))
    (diag,) = caught.value.diagnostics
    assert (diag.location.line, diag.code) == (16, "S007"), diag
    assert "at most 5 layers, found 6" in diag.message and diag.hint, diag


def test_reserved_concurrency_zero_is_valid_and_warned() -> None:
    from scaffold.blueprint.advice import blueprint_warnings

    text = BLUEPRINT.replace("concurrency: 5\n", "concurrency: 0\n")
    doc = load_text(text, "blueprint.yaml")
    warnings = list(blueprint_warnings(validate(doc), doc.source_map))
    assert [(w.code, w.location.line) for w in warnings] == [("W009", 25)]
