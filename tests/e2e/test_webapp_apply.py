"""The users' main path, for real: render, build, apply two stages of the webapp on moto,
re-plan both, destroy both from a fresh clone.

The real AWS provider 5.100.0 applies every resource type the webapp generates against
moto server on loopback (emulator gaps are filled in tests/support/moto_patches.py; no
resource is left out). Then boto3 checks the deployed shape against the blueprint.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from scaffold.blueprint.load import load_blueprint
from scaffold.blueprint.validate import validate
from scaffold.plan import contract
from tests.helpers import REPO
from tests.support.e2e import emulator_client, run_scaffold
from tests.support.node import link_node_modules
from tests.support.terraform import terraform_bin, terraform_env

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]
REGION = "eu-west-1"


_scaffold = run_scaffold
_client = emulator_client


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("webapp")
    text = (REPO / "blueprints" / "webapp.yaml").read_text()
    # The production stage is deletion-protected by default; this test destroys it too.
    text, found = re.subn(r"^(\s+)production: true\b.*$",
                          r"\1production: true\n\1deletion_protection: false", text, flags=re.M)
    assert found == 1
    (root / "blueprint.yaml").write_text(text)
    return root


def _env(tmp: Path) -> dict[str, str]:
    env = terraform_env(tmp)
    env["SCAFFOLD_TERRAFORM"] = terraform_bin()
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_DEFAULT_REGION=REGION)
    return env


def test_two_stages_apply_into_one_account_converge_and_destroy_from_a_fresh_clone(
        project: Path, moto_endpoint: str, tmp_path: Path,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    env = _env(tmp_path)
    started = time.monotonic()
    rendered = _scaffold(["render"], project, env)
    assert rendered.returncode == 0, rendered.stderr
    # The session's one npm install (tests/packaging and tests/stubs bundle with it too).
    assert len(link_node_modules(project, tmp_path_factory.getbasetemp())) == 3
    missing = _scaffold(["outputs", "--stage", "dev"], project, env, timeout=600)
    assert missing.returncode == 1 and "has not been applied yet" in missing.stderr
    built = _scaffold(["build"], project, env)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]

    def deploy(stage: str) -> list[str]:
        return ["--stage", stage, "--endpoint-url", moto_endpoint, "--parallel", "3"]

    # The production stage first: it creates the zone the other stage finds.
    for stage, creates_zone in (("prod", True), ("dev", False)):
        applied = _scaffold(["apply", "--auto-approve", *deploy(stage)], project, env)
        assert applied.returncode == 0, applied.stdout[-6000:] + applied.stderr[-3000:]
        _assert_zone_told_first_and_outputs_printed(applied, stage, creates_zone)
    apply_seconds = time.monotonic() - started

    _assert_deployed_shape(project, moto_endpoint)
    _assert_stages_claim_distinct_names(moto_endpoint)
    _assert_outputs(project, env, moto_endpoint, "prod", "")
    _assert_outputs(project, env, moto_endpoint, "dev", "dev.")

    for stage in ("prod", "dev"):
        planned = _scaffold(["plan", *deploy(stage)], project, env)
        assert planned.returncode == 0, planned.stdout[-6000:] + planned.stderr[-3000:]
        summary = planned.stdout.split("plan summary:")[-1]
        for root in ("platform", "notifications", "projects", "users"):
            assert re.search(rf"^\s+{root}\s+no changes$", summary, re.M), (
                f"{stage}/{root} does not converge:\n{planned.stdout[-8000:]}")

    # Destroy as from a fresh clone: no built zips (filebase64sha256 of a missing file would
    # fail every plan, destroy included). The production stage last: it owns the zone.
    shutil.rmtree(project / "dist")
    edges = []
    for stage in ("dev", "prod"):
        destroyed = _scaffold(["destroy", "--auto-approve", *deploy(stage)], project, env)
        assert destroyed.returncode == 0, destroyed.stdout[-6000:] + destroyed.stderr[-3000:]
        edges.append(contract.ssr_function_name("acme", stage))
        assert f"--function-name {edges[-1]}" in destroyed.stderr, destroyed.stderr[-3000:]
    _assert_nothing_left(moto_endpoint, edge_functions=edges)
    print(f"\nwebapp e2e (two stages): applied after {apply_seconds:.0f} s, "
          f"total {time.monotonic() - started:.0f} s")


def _assert_deployed_shape(project: Path, endpoint: str) -> None:
    bp = validate(load_blueprint(project / "blueprint.yaml"))
    apis = {a["Name"]: a for a in _client("apigatewayv2", endpoint).get_apis()["Items"]}
    http = apis["acme-dev-http"]
    gw = _client("apigatewayv2", endpoint)
    routes = {r["RouteKey"]: r for r in gw.get_routes(ApiId=http["ApiId"])["Items"]}
    expected = {key for svc in bp.services.values() for key in svc.routes}
    expected |= {up.route for svc in bp.services.values() for up in svc.uploads.values()}
    assert expected <= set(routes), f"missing routes: {expected - set(routes)}"
    for key, svc in ((k, s) for s in bp.services.values() for k in s.routes):
        auth = svc.routes[key].auth
        want = "NONE" if auth == "public" else "JWT"
        assert routes[key].get("AuthorizationType", "NONE") == want, key
        if want == "JWT":
            assert routes[key].get("AuthorizerId"), key
    assert "acme-dev-websocket" in apis

    events = _client("events", endpoint)
    lam = _client("lambda", endpoint)
    functions = {f["FunctionName"]: f for f in lam.list_functions()["Functions"]}
    for svc_name, svc in bp.services.items():
        for handler in svc.subscribes:
            rule = f"acme-dev-{svc_name}-" + re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-",
                                                    handler).lower()
            targets = events.list_targets_by_rule(Rule=rule, EventBusName="acme-dev-bus")
            (target,) = targets["Targets"]
            assert target["Arn"].endswith(f":function:{rule}")
            assert target["DeadLetterConfig"]["Arn"].endswith(f"acme-dev-{svc_name}-dead-letters")

    ddb = _client("dynamodb", endpoint)
    projects = ddb.describe_table(TableName="acme-dev-projects-projects")["Table"]
    assert projects["KeySchema"][0]["AttributeName"] == "id"
    assert projects["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    members = ddb.describe_table(TableName="acme-dev-projects-members")["Table"]
    assert [k["AttributeName"] for k in members["KeySchema"]] == ["projectId", "userId"]

    idp = _client("cognito-idp", endpoint)
    (pool,) = [p for p in idp.list_user_pools(MaxResults=10)["UserPools"]
               if p["Name"] == "acme-dev-users"]
    assert idp.list_user_pool_clients(UserPoolId=pool["Id"], MaxResults=10)["UserPoolClients"]

    sfn = _client("stepfunctions", endpoint)
    (machine,) = [m for m in sfn.list_state_machines()["stateMachines"]
                  if m["name"] == "acme-dev-projects-send-campaign"]
    definition = sfn.describe_state_machine(stateMachineArn=machine["stateMachineArn"])
    for handler in ("start-campaign", "await-delivery", "notify-owner"):
        assert f"function:acme-dev-projects-{handler}" in definition["definition"]

    env = functions["acme-dev-projects-list-projects"]["Environment"]["Variables"]
    assert env["TABLE_PROJECTS"] == "acme-dev-projects-projects"
    env = functions["acme-dev-projects-create-project"]["Environment"]["Variables"]
    assert env["EVENT_BUS_NAME"] == "acme-dev-bus"
    env = functions["acme-dev-projects-get-upload-url"]["Environment"]["Variables"]
    assert env["UPLOAD_BUCKET"].startswith("acme-dev-projects-attachments-")


def _assert_zone_told_first_and_outputs_printed(
        applied: subprocess.CompletedProcess[str], stage: str, creates_zone: bool) -> None:
    # dns.create_zone: the production stage applies the zone alone and prints its name
    # servers before the apply that waits for certificate validation starts; the other
    # stages find that zone and have nothing to delegate.
    notice = "==> created the hosted zone acme.example. Delegate it NOW"
    if creates_zone:
        told = applied.stderr.index(notice)
        zone_only = applied.stderr.index("==> platform: terraform apply (the hosted zone only)")
        full = applied.stderr.index("==> platform: terraform apply\n")
        assert zone_only < told < full
    else:
        assert notice not in applied.stderr
    tail = applied.stdout.split(f"apply finished for stage '{stage}'")[-1]
    for label in ("Frontend URL", "API URL", "WebSocket URL", "User pool id",
                  "User pool client id"):
        assert label in tail, tail


def _assert_outputs(project: Path, env: dict[str, str], endpoint: str, stage: str,
                    domain_prefix: str) -> None:
    shown = _scaffold(["outputs", "--stage", stage, "--json"], project, env, timeout=600)
    assert shown.returncode == 0, shown.stdout[-3000:] + shown.stderr[-3000:]
    data = json.loads(shown.stdout)
    values = data["outputs"]
    assert {"site_url", "api_url", "websocket_url", "user_pool_id",
            "user_pool_client_id"} <= set(values)
    assert values["site_url"] == f"https://{domain_prefix}app.acme.example"
    assert values["api_url"] == f"https://{domain_prefix}api.acme.example"
    # The WebSocket API's own endpoint plus its stage (AWS says wss://, moto says https://).
    apis = _client("apigatewayv2", endpoint).get_apis()["Items"]
    (ws,) = [a for a in apis if a["Name"] == f"acme-{stage}-websocket"]
    assert values["websocket_url"] == f"{ws['ApiEndpoint']}/{stage}"
    idp = _client("cognito-idp", endpoint)
    (pool,) = [p for p in idp.list_user_pools(MaxResults=10)["UserPools"]
               if p["Name"] == f"acme-{stage}-users"]
    assert values["user_pool_id"] == pool["Id"]
    clients = idp.list_user_pool_clients(UserPoolId=pool["Id"], MaxResults=10)
    assert values["user_pool_client_id"] in {c["ClientId"] for c in clients["UserPoolClients"]}
    zones = _client("route53", endpoint).list_hosted_zones()["HostedZones"]
    (zone,) = [z for z in zones if z["Name"] == "acme.example."]  # one zone, shared
    if not domain_prefix:  # the production stage created it
        delegation = _client("route53", endpoint).get_hosted_zone(Id=zone["Id"])
        assert sorted(values["name_servers"]) == sorted(delegation["DelegationSet"]["NameServers"])
    else:
        assert not values.get("name_servers")
    assert set(data["roots"]) == {"platform", "notifications", "projects", "users"}
    assert data["not_applied"] == [] and data["sensitive"] == {}


def _assert_stages_claim_distinct_names(endpoint: str) -> None:
    # CloudFront aliases and API custom domains are unique per account: the production stage
    # owns the apex names, the other stage its own prefix, in the one shared zone.
    cloudfront = _client("cloudfront", endpoint)
    aliases = sorted(a for d in cloudfront.list_distributions()["DistributionList"]["Items"]
                     for a in d["Aliases"].get("Items", []))
    assert aliases == ["app.acme.example", "dev.app.acme.example"]
    domains = sorted(d["DomainName"] for d in
                     _client("apigatewayv2", endpoint).get_domain_names()["Items"])
    assert domains == ["api.acme.example", "dev.api.acme.example"]
    zones = _client("route53", endpoint).list_hosted_zones()["HostedZones"]
    assert [z["Name"] for z in zones] == ["acme.example."]


def _assert_nothing_left(endpoint: str, edge_functions: list[str]) -> None:
    # Only this application's resources: other e2e tests share the moto server (the
    # bootstrap test keeps its "hello" app and state bucket).
    def ours(names: list[str]) -> list[str]:
        return sorted(n for n in names if n.startswith("acme-") or "/acme/" in n)

    lam = _client("lambda", endpoint)
    assert ours([f["FunctionName"] for f in lam.list_functions()["Functions"]]) == []
    # skip_destroy: the Lambda@Edge function stays (AWS refuses to delete it while replicas
    # exist), and only it.
    edge = _client("lambda", endpoint, region="us-east-1")
    left = ours([f["FunctionName"] for f in edge.list_functions()["Functions"]])
    assert left == sorted(edge_functions)
    assert ours(_client("dynamodb", endpoint).list_tables()["TableNames"]) == []
    assert ours([a["Name"] for a in _client("apigatewayv2", endpoint).get_apis()["Items"]]) == []
    machines = _client("stepfunctions", endpoint).list_state_machines()["stateMachines"]
    assert ours([m["name"] for m in machines]) == []
    pools = _client("cognito-idp", endpoint).list_user_pools(MaxResults=10)["UserPools"]
    assert ours([p["Name"] for p in pools]) == []
    queues = _client("sqs", endpoint).list_queues().get("QueueUrls", [])
    assert ours([q.rsplit("/", 1)[-1] for q in queues]) == []
    assert ours([b["Name"] for b in _client("s3", endpoint).list_buckets()["Buckets"]]) == []
    parameters = _client("ssm", endpoint).describe_parameters()["Parameters"]
    assert ours([p["Name"] for p in parameters]) == []
    buses = _client("events", endpoint).list_event_buses()["EventBuses"]
    assert ours([b["Name"] for b in buses]) == []


def test_a_failing_root_stops_the_run_and_names_it(tmp_path: Path) -> None:
    project = tmp_path / "mini"
    project.mkdir()
    shutil.copy(REPO / "blueprints" / "minimal.yaml", project / "blueprint.yaml")
    env = _env(tmp_path)
    assert _scaffold(["render"], project, env).returncode == 0
    zip_path = project / "dist" / "greeter" / "say-hello.zip"
    zip_path.parent.mkdir(parents=True)
    import zipfile

    with zipfile.ZipFile(zip_path, "w") as z:
        z.writestr("index.mjs", "export const handler = async () => ({});\n")
    import socket

    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # --force: the zip is a stand-in that `scaffold build` did not make.
    result = _scaffold(["apply", "--auto-approve", "--force", "--endpoint-url",
                        f"http://127.0.0.1:{port}"], project, env, timeout=900)
    assert result.returncode == 1
    assert "root 'platform'" in result.stderr
    assert "--service platform" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((project / "infra" / "platform").glob("zz_scaffold_*override.tf"))
    assert os.environ.get("SCAFFOLD_AWS_ENDPOINT_URL") is None
