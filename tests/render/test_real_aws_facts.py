"""AWS and provider facts the rendered roots rely on, asserted on every example blueprint.

Each test names the fact; the module-level plan tests (``tests/terraform/modules``) assert
the same facts on ``terraform test`` plans.
"""

from __future__ import annotations

import re

import pytest

from scaffold.render.terraform.common import AWS_CONSTRAINT
from tests.helpers import REPO, render_files

BLUEPRINTS = ["webapp", "minimal", "kitchen-sink", "saas"]


def _tf(name: str) -> dict[str, str]:
    return {f.path: f.content.decode() for f in render_files(REPO / "blueprints" / f"{name}.yaml")
            if f.path.endswith(".tf")}


@pytest.mark.parametrize("name", BLUEPRINTS)
def test_no_root_reads_an_attribute_deprecated_in_provider_6(name: str) -> None:
    # data.aws_region.name is deprecated in 6.0 (its successor `region` is absent in 5.x):
    # a plan on 6.x would warn on every root. `id` is the region's name in both.
    for path, text in _tf(name).items():
        assert not re.search(r"data\.aws_region\.\w+\.name\b", text), path


@pytest.mark.parametrize("name", BLUEPRINTS)
def test_roots_and_modules_admit_the_same_provider_versions(name: str) -> None:
    files = _tf(name)
    versions = [text for path, text in files.items() if path.endswith("versions.tf")]
    assert versions
    for text in versions:
        assert f'version = "{AWS_CONSTRAINT}"' in text
    modules = (REPO / "templates" / "terraform" / "modules").glob("*/versions.tf")
    for module in modules:
        assert f'version = "{AWS_CONSTRAINT}"' in module.read_text(), module


@pytest.mark.parametrize("name", BLUEPRINTS)
def test_every_package_hash_tolerates_a_missing_zip(name: str) -> None:
    # filebase64sha256 of a missing file fails every plan, destroy included: a fresh clone
    # could not destroy. Each hash falls back to null (the modules' preconditions stop any
    # other plan).
    roots = {p: t for p, t in _tf(name).items() if not p.startswith("infra/modules/")}
    hashes = [line for text in roots.values() for line in text.splitlines()
              if "source_code_hash" in line]
    assert hashes
    for line in hashes:
        path = re.search(r'filebase64sha256\(("[^"]+")\)', line)
        assert path, line
        assert f"fileexists({path.group(1)}) ? filebase64sha256({path.group(1)}) : null" in line


TWO_STAGES = """\
blueprint: 1
name: acme
region: eu-west-1
stages: {dev: {}, prod: {production: true}}
dns: {zone: acme.example, create_zone: true}
frontend: {domain: app.acme.example}
auth: {groups: [admin]}
api: {domain: api.acme.example, websocket_domain: ws.acme.example,
      cors_origins: [https://app.acme.example, https://admin.acme.example]}
services:
  live:
    routes: {GET /items: {handler: listItems, auth: public}}
    websocket: {$connect: onConnect}
    uploads: {attachments: {presign: getUploadUrl, route: POST /attachments, auth: public}}
    tables: {items: {key: id}}
"""


def _platform_locals(text: str) -> dict[str, str]:
    files = {f.path: f.content.decode() for f in render_files(text)}
    return files


def test_two_stages_claim_distinct_names_in_one_shared_zone() -> None:
    # CloudFront aliases and API custom domains are unique per account (CNAMEAlreadyExists):
    # the production stage owns the apex names, every other stage gets its own prefix.
    main = _platform_locals(TWO_STAGES)["infra/platform/main.tf"]
    domains = main.split("  stage_domains = {")[1]
    dev = domains.split("    dev = {")[1].split("}")[0]
    prod = domains.split("    prod = {")[1].split("}")[0]
    assert 'site      = "dev.app.acme.example"' in dev
    assert 'api       = "dev.api.acme.example"' in dev
    assert 'websocket = "dev.ws.acme.example"' in dev
    assert 'site      = "app.acme.example"' in prod and 'api       = "api.acme.example"' in prod
    assert 'production = var.stage == "prod"' in main
    # every domain-bearing argument reads the stage's own name, never a literal
    for block in ("site_certificate", "api_certificate", "websocket_certificate", "api_domain",
                  "websocket_domain"):
        body = main.split(f'module "{block}" {{')[1].split("\n}")[0]
        assert re.search(r"domain_name\s+= local\.domains\.\w+", body), block
    site = main.split('module "site" {')[1].split("\n}")[0]
    assert re.search(r"domain_name\s+= local\.domains\.site", site)
    # one zone: created by the production stage only, found by the others
    assert "count = local.production ? 1 : 0" in main.split('resource "aws_route53_zone"')[1]
    assert "count = local.production ? 0 : 1" in main.split('data "aws_route53_zone"')[1]
    # the frontend origin follows the stage; other origins stay
    http = main.split('module "http_api" {')[1].split("\n}")[0]
    assert '"https://${local.domains.site}"' in http and '"https://admin.acme.example"' in http


def test_only_protected_stages_keep_tables_users_and_uploads() -> None:
    files = _platform_locals(TWO_STAGES)
    main = files["infra/platform/main.tf"]
    assert 'protected  = contains(["prod"], var.stage)' in main
    pool = main.split('module "user_pool" {')[1].split("\n}")[0]
    assert re.search(r'deletion_protection\s+= local\.protected \? "ACTIVE" : "INACTIVE"', pool)
    service = files["infra/services/live/main.tf"]
    assert re.search(r'protected\s+= contains\(\["prod"\], var\.stage\)', service)
    table = service.split('module "table_items" {')[1].split("\n}")[0]
    assert re.search(r"deletion_protection\s+= local\.protected", table)
    bucket = service.split('module "bucket_attachments" {')[1].split("\n}")[0]
    assert re.search(r"force_destroy\s+= !local\.protected", bucket)


def test_an_explicit_setting_overrides_the_production_default() -> None:
    text = TWO_STAGES.replace("prod: {production: true}",
                              "prod: {production: true, deletion_protection: false}")
    text = text.replace("dev: {}", "dev: {deletion_protection: true}")
    main = _platform_locals(text)["infra/platform/main.tf"]
    assert re.search(r'protected\s+= contains\(\["dev"\], var\.stage\)', main)


def test_the_websocket_domain_is_rendered_with_its_own_certificate_and_url() -> None:
    files = _platform_locals(TWO_STAGES)
    main = files["infra/platform/main.tf"]
    ws = main.split('module "websocket_domain" {')[1].split("\n}")[0]
    assert "module.websocket_api.api_id" in ws and re.search(r"stage\s+= var\.stage", ws)
    assert "module.websocket_certificate.certificate_arn" in ws
    assert '"wss://${local.domains.websocket}"' in files["infra/platform/outputs.tf"]


def test_the_event_archive_keeps_events_as_long_as_the_blueprint_says() -> None:
    base = "blueprint: 1\nname: acme\nregion: eu-west-1\n{bus}services:\n" \
           "  api: {routes: {GET /a: {handler: getA, auth: public}}}\n"
    default = _platform_locals(base.replace("{bus}", ""))["infra/platform/main.tf"]
    assert re.search(r"archive_retention_days = 30\b", default)
    week = _platform_locals(base.replace("{bus}", "bus: {archive_retention_days: 7}\n"))
    assert re.search(r"archive_retention_days = 7\b", week["infra/platform/main.tf"])


SITE = "blueprint: 1\nname: acme\nregion: eu-west-1\ndns: {{zone: acme.example}}\n" \
       "frontend: {{domain: app.acme.example{csp}}}\nservices:\n" \
       "  api: {{routes: {{GET /a: {{handler: getA, auth: public}}}}}}\n"


def _site(csp: str) -> str:
    main = _platform_locals(SITE.format(csp=csp))["infra/platform/main.tf"]
    return main.split('module "site" {')[1].split("\n}")[0]


def test_the_site_sends_a_content_security_policy_that_admits_its_own_apis() -> None:
    site = _site("")
    policy = re.search(r'content_security_policy = "([^"]+)"', site)
    assert policy
    directives = dict(d.strip().partition(" ")[::2] for d in policy.group(1).split(";"))
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    connect = directives["connect-src"].split()
    assert {"'self'", "https://*.amazonaws.com", "wss://*.amazonaws.com",
            "https://*.acme.example", "wss://*.acme.example"} == set(connect)
    assert "'unsafe-eval'" not in policy.group(1)


def test_the_blueprint_can_replace_or_drop_the_policy() -> None:
    assert 'content_security_policy = "default-src \'none\'"' in _site(
        ", content_security_policy: \"default-src 'none'\"")
    assert "content_security_policy" not in _site(", content_security_policy: false")


PER_STAGE = """\
blueprint: 1
name: acme
region: eu-west-1
api: {throttle: {rate: 50, burst: 100}}
alerts: {email: [ops@acme.example]}
stages:
  dev: {environment: {FEATURES: all}}
  prod:
    production: true
    throttle: {rate: 500, burst: 1000}
    alerts: {email: [oncall@acme.example]}
services:
  api:
    routes: {GET /a: {handler: getA, auth: public, environment: {FEATURES: none}}}
"""


def test_throttling_and_alerts_differ_by_stage_and_default_to_the_top_level() -> None:
    main = _platform_locals(PER_STAGE)["infra/platform/main.tf"]
    stages = main.split("  stages = {")[1].split("\n  }\n")[0]
    dev = stages.split("dev = {")[1].split("}")[0]
    prod = stages.split("prod = {")[1].split("}")[0]
    assert re.search(r"throttle_rate\s+= 50\.0", dev)
    assert re.search(r"throttle_rate\s+= 500\.0", prod)
    assert '["ops@acme.example"]' in dev and '["oncall@acme.example"]' in prod
    http = main.split('module "http_api" {')[1].split("\n}")[0]
    assert re.search(r"throttling_rate_limit\s+= local\.stage\.throttle_rate", http)
    assert re.search(r"throttling_burst_limit\s+= local\.stage\.throttle_burst", http)
    alerts = main.split('module "alerts" {')[1].split("\n}")[0]
    assert re.search(r"emails\s+= local\.stage\.alert_emails", alerts)


def test_a_stage_environment_reaches_every_function_and_the_function_own_wins() -> None:
    service = _platform_locals(PER_STAGE)["infra/services/api/main.tf"]
    assert re.search(r'dev = \{\s+FEATURES = "all"\s+\}', service)
    fn = service.split('module "fn_get_a" {')[1].split("\n}")[0]
    # merge(): later maps win, so the function's own FEATURES beats the stage's
    assert "environment_variables = merge(local.stage_environment, {" in fn
    assert re.search(r'FEATURES\s+= "none"', fn)


def _ssr(price_class: str) -> dict[str, str]:
    text = ("blueprint: 1\nname: acme\nregion: eu-west-1\n"
            f"frontend: {{ssr: true, price_class: {price_class}}}\nservices:\n"
            "  api: {routes: {GET /a: {handler: getA, auth: public}}}\n")
    return _platform_locals(text)


def test_every_edge_region_gets_the_replica_log_group_with_retention() -> None:
    # A Lambda@Edge replica logs in the region that ran it, to /aws/lambda/us-east-1.<fn>;
    # Lambda would create that group without retention (kept forever).
    files = _ssr("PriceClass_100")
    main, providers = files["infra/platform/main.tf"], files["infra/platform/providers.tf"]
    groups = re.findall(r'resource "aws_cloudwatch_log_group" "edge_(\w+)" \{(.*?)\n\}', main,
                        re.S)
    regions = {name.replace("_", "-") for name, _ in groups}
    assert regions == {"us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-central-1",
                       "eu-west-1", "eu-west-2"}
    for name, body in groups:
        assert '"/aws/lambda/us-east-1.${local.prefix}-site-ssr"' in body
        assert "retention_in_days = var.log_retention_days" in body
        region = name.replace("_", "-")
        provider = {"us-east-1": "aws.us_east_1", "eu-west-1": "aws"}.get(region,
                                                                        f"aws.edge_{name}")
        assert f"provider = {provider}\n" in body
        if provider.startswith("aws.edge_"):
            assert f'alias  = "edge_{name}"\n  region = "{region}"' in providers
    # the static_site module names its edge function <site name>-ssr
    assert re.search(r'name\s+= "\$\{local\.prefix\}-site"', main)
    module = (REPO / "templates/terraform/modules/static_site/main.tf").read_text()
    assert 'ssr_name      = "${var.name}-ssr"' in module


def test_a_wider_price_class_logs_in_more_regions_and_no_ssr_logs_in_none() -> None:
    everywhere = _ssr("PriceClass_All")["infra/platform/main.tf"]
    assert len(re.findall(r'resource "aws_cloudwatch_log_group" "edge_', everywhere)) == 13
    static = _platform_locals("blueprint: 1\nname: acme\nregion: eu-west-1\nfrontend: {}\n"
                              "services:\n  api: {routes: {GET /a: {handler: getA, "
                              "auth: public}}}\n")
    assert "edge_" not in static["infra/platform/main.tf"] + static["infra/platform/providers.tf"]


def test_the_emulator_override_covers_every_provider_alias() -> None:
    from scaffold.blueprint.load import load_text
    from scaffold.blueprint.validate import validate
    from scaffold.plan.build import build_plan
    from scaffold.tf.emulator import override_text

    plan = build_plan(validate(load_text(
        "blueprint: 1\nname: acme\nregion: eu-west-1\nfrontend: {ssr: true}\nservices:\n"
        "  api: {routes: {GET /a: {handler: getA, auth: public}}}\n")))
    text = override_text("http://127.0.0.1:5000", plan.provider_aliases("platform"))
    for alias, region in plan.provider_aliases("platform"):
        assert re.search(rf'alias\s+= "{alias}"\n\s+region\s+= "{region}"', text), alias
    assert plan.provider_aliases("api") == ()
