"""blueprints/saas.yaml for real (issue #14): render, build, apply the dev stage on moto,
re-plan it clean, destroy it, and leave only what the team owned before.

The blueprint uses existing resources a fresh account does not have, so the test creates
them first with boto3, as the platform team of a real company would have: the shared event
bus, the hosted zone, the API certificate, the observability layer and the Google client
secret. The zone id and certificate ARN are random on the emulator, so the test's copy of
the blueprint carries the ones it created. A user-owned ``*.custom.tf`` in the reports root
(docs/extra-terraform.md) is applied and destroyed with the generated resources.
"""

from __future__ import annotations

import contextlib
import io
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO
from tests.support.e2e import emulator_client, run_scaffold
from tests.support.node import link_node_modules
from tests.support.terraform import terraform_bin, terraform_env

pytestmark = [pytest.mark.e2e, pytest.mark.terraform]
REGION = "eu-west-1"
APP = "tenantly"
ROOTS = ("platform", "tenants", "billing", "reports")

BUS = "tenantly-shared-bus"
LAYER = "tenantly-observability"
GOOGLE_SECRET = "/tenantly/dev/google-client-secret"

# The user's own Terraform, next to the generated files of the reports root: it may use
# the names docs/extra-terraform.md promises (local.prefix, module.fn_<handler>).
CUSTOM_TF = """\
resource "aws_ssm_parameter" "custom_report_function" {
  name  = "/${local.prefix}/custom/report-function"
  type  = "String"
  value = module.fn_nightly_report.function_name
}
"""


def _env(tmp: Path) -> dict[str, str]:
    env = terraform_env(tmp)
    env["SCAFFOLD_TERRAFORM"] = terraform_bin()
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_DEFAULT_REGION=REGION)
    return env


def _zone_starting_with_z(route53: Any) -> str:
    # AWS's hosted zone ids start with Z (what C205 checks); moto's are 22 random upper-case
    # letters and digits, so keep the first zone whose id happens to start with Z.
    for attempt in range(400):
        zone = route53.create_hosted_zone(Name="tenantly.example",
                                          CallerReference=f"saas-e2e-{attempt}")
        zone_id = zone["HostedZone"]["Id"].rsplit("/", 1)[-1]
        if zone_id.startswith("Z"):
            return str(zone_id)
        route53.delete_hosted_zone(Id=zone_id)
    raise AssertionError("the emulator made no hosted zone id starting with Z")


@pytest.fixture
def existing(moto_endpoint: str) -> Iterator[dict[str, str]]:
    """What the platform team made before the first apply, removed after the test: the other
    tests of the session share this server (the webapp e2e counts the hosted zones)."""
    made = _create_existing(moto_endpoint)
    yield made
    _remove_existing(moto_endpoint, made)


def _create_existing(endpoint: str) -> dict[str, str]:
    """Make the bus, zone, certificate, layer and IdP secret; the zone id and certificate ARN."""
    emulator_client("events", endpoint).create_event_bus(Name=BUS)
    zone_id = _zone_starting_with_z(emulator_client("route53", endpoint))
    certificate = emulator_client("acm", endpoint).request_certificate(
        DomainName="api.tenantly.example", SubjectAlternativeNames=["*.api.tenantly.example"],
        ValidationMethod="DNS")["CertificateArn"]
    layer = emulator_client("lambda", endpoint).publish_layer_version(
        LayerName=LAYER, Content={"ZipFile": _empty_zip()},
        CompatibleRuntimes=["nodejs22.x", "python3.13"])
    assert layer["LayerVersionArn"] == (
        f"arn:aws:lambda:{REGION}:123456789012:layer:{LAYER}:1"), layer["LayerVersionArn"]
    emulator_client("ssm", endpoint).put_parameter(
        Name=GOOGLE_SECRET, Value="google-secret-for-tests", Type="SecureString")
    return {"zone_id": zone_id, "certificate_arn": certificate}


def _remove_existing(endpoint: str, made: dict[str, str]) -> None:
    # Best effort: after a failed apply the zone may still hold records (then it stays).
    steps: list[Callable[[], object]] = [
        lambda: emulator_client("events", endpoint).delete_event_bus(Name=BUS),
        lambda: emulator_client("route53", endpoint).delete_hosted_zone(Id=made["zone_id"]),
        lambda: emulator_client("acm", endpoint).delete_certificate(
            CertificateArn=made["certificate_arn"]),
        lambda: emulator_client("lambda", endpoint).delete_layer_version(
            LayerName=LAYER, VersionNumber=1),
        lambda: emulator_client("ssm", endpoint).delete_parameter(Name=GOOGLE_SECRET),
    ]
    for step in steps:
        with contextlib.suppress(Exception):
            step()


def _empty_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("nodejs/README", "shared observability code\n")
    return buffer.getvalue()


def _project(root: Path, existing: dict[str, str]) -> Path:
    text = (REPO / "blueprints" / "saas.yaml").read_text()
    text, zones = re.subn(r"zone_id: Z\w+", f"zone_id: {existing['zone_id']}", text)
    text, certs = re.subn(r"certificate_arn: arn:aws:acm:\S+",
                          f"certificate_arn: {existing['certificate_arn']}", text)
    assert zones == 1 and certs == 1
    (root / "blueprint.yaml").write_text(text)
    return root


def test_the_saas_dev_stage_applies_converges_and_destroys_leaving_only_what_existed(
        existing: dict[str, str], moto_endpoint: str, tmp_path: Path,
        tmp_path_factory: pytest.TempPathFactory) -> None:
    started = time.monotonic()
    project = _project(tmp_path_factory.mktemp("saas"), existing)
    env = _env(tmp_path)
    rendered = run_scaffold(["render"], project, env)
    assert rendered.returncode == 0, rendered.stderr
    custom = project / "infra/services/reports/usage.custom.tf"
    custom.write_text(CUSTOM_TF)
    assert len(link_node_modules(project, tmp_path_factory.getbasetemp())) == 1  # tenants
    built = run_scaffold(["build"], project, env)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    deploy = ["--stage", "dev", "--endpoint-url", moto_endpoint, "--parallel", "3"]

    applied = run_scaffold(["apply", "--auto-approve", *deploy], project, env)
    assert applied.returncode == 0, applied.stdout[-6000:] + applied.stderr[-3000:]
    apply_seconds = time.monotonic() - started
    _assert_deployed(moto_endpoint, existing)

    planned = run_scaffold(["plan", *deploy], project, env)
    assert planned.returncode == 0, planned.stdout[-6000:] + planned.stderr[-3000:]
    summary = planned.stdout.split("plan summary:")[-1]
    for root in ROOTS:
        assert re.search(rf"^\s+{root}\s+no changes$", summary, re.M), (
            f"dev/{root} does not converge:\n{planned.stdout[-8000:]}")

    destroyed = run_scaffold(["destroy", "--auto-approve", *deploy], project, env)
    assert destroyed.returncode == 0, destroyed.stdout[-6000:] + destroyed.stderr[-3000:]
    _assert_only_the_existing_left(moto_endpoint, existing)
    assert custom.read_text() == CUSTOM_TF
    print(f"\nsaas e2e (dev): applied after {apply_seconds:.0f} s, "
          f"total {time.monotonic() - started:.0f} s")


def _assert_deployed(endpoint: str, existing: dict[str, str]) -> None:
    lam = emulator_client("lambda", endpoint)
    functions = {f["FunctionName"]: f for f in lam.list_functions()["Functions"]
                 if f["FunctionName"].startswith(f"{APP}-dev-")}
    assert len(functions) == 13, sorted(functions)
    layer = f"arn:aws:lambda:{REGION}:123456789012:layer:{LAYER}:1"
    for name, fn in functions.items():
        assert [x["Arn"] for x in fn.get("Layers", [])] == [layer], name
        assert fn["Environment"]["Variables"]["LOG_LEVEL"] == "debug", name
    create = functions["tenantly-dev-tenants-create-project"]
    assert create["MemorySize"] == 512 and create["Timeout"] == 15
    assert create["EphemeralStorage"]["Size"] == 1024
    assert create["Environment"]["Variables"]["PROJECTS_TABLE"] == "tenantly-dev-tenants-projects"
    nightly = functions["tenantly-dev-reports-nightly-report"]
    assert nightly["MemorySize"] == 1024 and nightly["Timeout"] == 300
    assert nightly["Environment"]["Variables"]["REPORTS_BUCKET"].startswith(
        "tenantly-dev-reports-reports")
    concurrency = lam.get_function_concurrency(FunctionName="tenantly-dev-tenants-send-email")
    assert concurrency["ReservedConcurrentExecutions"] == 2
    # One warm instance of listProjects behind its alias; the route invokes the alias.
    warm = lam.get_provisioned_concurrency_config(
        FunctionName="tenantly-dev-tenants-list-projects", Qualifier="live")
    assert warm["RequestedProvisionedConcurrentExecutions"] == 1

    # The partner route is decided by the REQUEST authorizer, keyed by the partner's header.
    apigw = emulator_client("apigatewayv2", endpoint)
    (api,) = [a for a in apigw.get_apis()["Items"] if a["Name"] == f"{APP}-dev-http"]
    routes = {r["RouteKey"]: r for r in apigw.get_routes(ApiId=api["ApiId"])["Items"]}
    partner = routes["GET /partner/tenants/{tenantId}/projects"]
    assert partner["AuthorizationType"] == "CUSTOM"
    # (moto answers GetAuthorizers with a 500; the one authorizer is read by its id)
    authorizer = apigw.get_authorizer(ApiId=api["ApiId"], AuthorizerId=partner["AuthorizerId"])
    assert authorizer["AuthorizerType"] == "REQUEST"
    assert authorizer["IdentitySource"] == ["$request.header.x-partner-key"]

    # The user's custom Terraform was applied with the generated resources.
    ssm = emulator_client("ssm", endpoint)
    value = ssm.get_parameter(Name=f"/{APP}-dev/custom/report-function")["Parameter"]["Value"]
    assert value == "tenantly-dev-reports-nightly-report"

    sqs = emulator_client("sqs", endpoint)
    queues = sorted(q.rsplit("/", 1)[-1] for q in sqs.list_queues(
        QueueNamePrefix=f"{APP}-dev-").get("QueueUrls", []))
    assert "tenantly-dev-tenants-emails" in queues
    assert "tenantly-dev-billing-invoices.fifo" in queues

    # The rules of the reports service sit on the existing bus.
    rules = emulator_client("events", endpoint).list_rules(EventBusName=BUS)["Rules"]
    assert any(r["Name"].startswith(f"{APP}-dev-reports-") for r in rules), rules

    idp = emulator_client("cognito-idp", endpoint)
    (pool,) = [p for p in idp.list_user_pools(MaxResults=50)["UserPools"]
               if p["Name"] == f"{APP}-dev-users"]
    providers = idp.list_identity_providers(UserPoolId=pool["Id"])["Providers"]
    assert [p["ProviderName"] for p in providers] == ["Google"]
    described = idp.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert described.get("Domain") == "tenantly-login-dev", described.get("Domain")

    domains = [d["DomainName"] for d in
               emulator_client("apigatewayv2", endpoint).get_domain_names()["Items"]]
    assert "dev.api.tenantly.example" in domains
    records = emulator_client("route53", endpoint).list_resource_record_sets(
        HostedZoneId=existing["zone_id"])["ResourceRecordSets"]
    assert "dev.api.tenantly.example." in {r["Name"] for r in records}


def _assert_only_the_existing_left(endpoint: str, existing: dict[str, str]) -> None:
    def ours(names: list[str]) -> list[str]:
        return sorted(n for n in names if n.startswith(f"{APP}-dev") or f"/{APP}-dev" in n
                      or f"/{APP}/dev/" in n and n != GOOGLE_SECRET)

    lam = emulator_client("lambda", endpoint)
    assert ours([f["FunctionName"] for f in lam.list_functions()["Functions"]]) == []
    assert ours(emulator_client("dynamodb", endpoint).list_tables()["TableNames"]) == []
    apis = emulator_client("apigatewayv2", endpoint).get_apis()["Items"]
    assert ours([a["Name"] for a in apis]) == []
    pools = emulator_client("cognito-idp", endpoint).list_user_pools(MaxResults=50)
    assert ours([p["Name"] for p in pools["UserPools"]]) == []
    queues = emulator_client("sqs", endpoint).list_queues().get("QueueUrls", [])
    assert ours([q.rsplit("/", 1)[-1] for q in queues]) == []
    buckets = emulator_client("s3", endpoint).list_buckets()["Buckets"]
    assert ours([b["Name"] for b in buckets]) == []
    parameters = emulator_client("ssm", endpoint).describe_parameters()["Parameters"]
    assert ours([p["Name"] for p in parameters]) == []
    events = emulator_client("events", endpoint)
    assert ours([r["Name"] for r in events.list_rules(EventBusName=BUS)["Rules"]]) == []
    domains = emulator_client("apigatewayv2", endpoint).get_domain_names()["Items"]
    assert "dev.api.tenantly.example" not in [d["DomainName"] for d in domains]
    records = emulator_client("route53", endpoint).list_resource_record_sets(
        HostedZoneId=existing["zone_id"])["ResourceRecordSets"]
    assert "dev.api.tenantly.example." not in {r["Name"] for r in records}

    # What existed before is still there: scaffold never destroys existing resources.
    assert BUS in [b["Name"] for b in events.list_event_buses()["EventBuses"]]
    route53 = emulator_client("route53", endpoint)
    assert route53.get_hosted_zone(Id=existing["zone_id"])["HostedZone"]["Name"] == (
        "tenantly.example.")
    acm = emulator_client("acm", endpoint)
    assert acm.describe_certificate(CertificateArn=existing["certificate_arn"])
    assert lam.list_layer_versions(LayerName=LAYER)["LayerVersions"]
    assert emulator_client("ssm", endpoint).get_parameter(Name=GOOGLE_SECRET)
