"""Emit the platform root (``infra/platform/``): bus, auth, APIs, frontend, domains, alerts."""

from __future__ import annotations

from scaffold.plan import contract
from scaffold.plan.ir import BuildPlan, PlatformRoot, edge_alias
from scaffold.render.hcl import Blank, Block, Call, Comment, Expr, Value, quote
from scaffold.render.tf_common import (
    REGION,
    artifact_file,
    artifact_hash,
    caller_identity,
    protected_expr,
    provider_blocks,
    stage_variables,
    tf_file,
    versions_block,
)

MODULES = "../modules"
PREFIX = '"${local.prefix}'

# What the platform publishes to services (SSM String parameters), by key.
PUBLISHED: dict[str, str] = {
    "alerts_topic_arn": "module.alerts.topic_arn",
    "event_bus_name": "module.bus.bus_name",
    "event_bus_arn": "module.bus.bus_arn",
    "http_api_id": "module.http_api.api_id",
    "http_api_execution_arn": "module.http_api.execution_arn",
    "http_authorizer_id": "module.http_api.authorizer_id",
    "api_url": "module.http_api.api_endpoint",  # its custom domain when set (_published)
    "websocket_api_id": "module.websocket_api.api_id",
    "websocket_api_execution_arn": "module.websocket_api.execution_arn",
    "user_pool_id": "module.user_pool.user_pool_id",
    "user_pool_arn": "module.user_pool.user_pool_arn",
    "user_pool_client_id": "module.user_pool.client_id",
    "site_url": "module.site.site_url",
}


def _published(key: str, p: PlatformRoot) -> Expr:
    """The value published under ``key``: the API's URL is its custom domain when set."""
    if key == "api_url":
        return Expr('"https://${local.domains.api}"' if p.api_domain
                    else "module.http_api.api_endpoint")
    return Expr(PUBLISHED[key])


def _named(name: str) -> Expr:
    return Expr(PREFIX + "-" + name + '"')


def _zone(p: PlatformRoot) -> list[Block | Comment]:
    if not p.dns_zone:
        return []
    lookup = Block("data", ["aws_route53_zone", "this"])
    if p.create_zone:
        lookup.attr("count", Expr("local.production ? 0 : 1")).add(Blank())
    lookup.attr("name", p.dns_zone).attr("private_zone", False)
    if not p.create_zone:
        return [lookup]
    zone = (Block("resource", ["aws_route53_zone", "this"])
            .add(Comment("checkov:skip=CKV2_AWS_38:DNSSEC signing needs a KMS key in "
                         "us-east-1 and a DS record at the registrar; enable it outside "
                         "scaffold"),
                 Comment("checkov:skip=CKV2_AWS_39:query logging needs a us-east-1 log "
                         "group and resource policy; out of scope of the reference "
                         "architecture"))
            .attr("count", Expr("local.production ? 1 : 0")).add(Blank())
            .attr("name", p.dns_zone).attr("force_destroy", False))
    return [Comment("One zone per account: the production stage creates it, every other "
                    "stage (deployed after it) finds it."),
            zone, lookup]


def _zone_id(p: PlatformRoot) -> Expr:
    if p.create_zone:
        return Expr("one(concat(aws_route53_zone.this[*].zone_id, "
                    "data.aws_route53_zone.this[*].zone_id))")
    return Expr("data.aws_route53_zone.this.zone_id")


def _locals(plan: BuildPlan) -> Block:
    """The stage's prefix, whether it is the production stage, and its own domain names."""
    p = plan.platform
    block = (Block("locals").attr("prefix", Expr('"${var.app}-${var.stage}"'))
             .attr("production", Expr(f"var.stage == {quote(plan.owner_stage)}"))
             .attr("protected", protected_expr(plan)))
    block.add(Blank(), Comment("What differs by stage (the blueprint's stages)."))
    block.attr("stages", {name: {"throttle_rate": s.throttle_rate,
                                 "throttle_burst": s.throttle_burst,
                                 "alert_emails": list(s.alert_emails)}
                          for name, s in p.stage_settings.items()})
    block.attr("stage", Expr("local.stages[var.stage]"))
    if p.stage_domains:
        block.add(Blank(), Comment(f"Stage '{plan.owner_stage}' owns the apex names; every "
                                   "other stage gets <stage>.<name> in the same zone."))
        block.attr("stage_domains", p.stage_domains)
        block.attr("domains", Expr("local.stage_domains[var.stage]"))
    return block


def _user_pool(p: PlatformRoot, plan: BuildPlan) -> list[Block]:
    if not p.auth:
        return []
    triggers = {kind: Expr('"arn:${data.aws_partition.current.partition}:lambda:'
                           '${' + REGION + '}:'
                           '${data.aws_caller_identity.current.account_id}:function:'
                           '${local.prefix}-' + name.rest + '"')
                for kind, name in sorted(p.auth_triggers.items())}
    block = Block("module", ["user_pool"]).attr("source", f"{MODULES}/user_pool").add(Blank())
    block.attr("name", _named("users")).attr("groups", p.groups)
    block.attr("password_minimum_length", Expr("var.password_minimum_length"))
    block.attr("deletion_protection", Expr('local.protected ? "ACTIVE" : "INACTIVE"'))
    pool = p.user_pool
    if pool is not None:
        for rule, required in pool.password_require.items():
            block.attr(f"password_require_{rule}", required)
        block.attr("mfa_configuration", pool.mfa)
        if pool.email_identity and pool.email_from:
            block.add(Blank(), Comment("Cognito's e-mails go through SES (auth.email); the "
                                       "identity must be verified in this region."))
            block.attr("email_source_arn", Expr(
                '"arn:${data.aws_partition.current.partition}:ses:'
                '${' + REGION + '}:'
                '${data.aws_caller_identity.current.account_id}'
                ':identity/' + quote(pool.email_identity)[1:-1] + '"'))
            block.attr("email_from_address", pool.email_from)
    if triggers:
        block.add(Blank(), Comment("Trigger functions live in their service roots, deployed "
                                   "after this one; their ARNs follow the naming contract and "
                                   "each service grants Cognito the invoke permission."))
        block.attr("triggers", triggers).attr("create_trigger_permissions", False)
    return [block]


def _websocket_url(p: PlatformRoot) -> Expr:
    if p.websocket_domain:
        return Expr('"wss://${local.domains.websocket}"')
    return Expr('"${module.websocket_api.api_endpoint}/${var.stage}"')


def _frontend_config(p: PlatformRoot, plan: BuildPlan) -> Value:
    config: dict[str, Value] = {}
    if p.auth:
        config["Auth"] = {"Cognito": {"userPoolId": Expr("module.user_pool.user_pool_id"),
                                      "userPoolClientId": Expr("module.user_pool.client_id"),
                                      "loginWith": {"email": True}}}
    if p.has_http_api:
        endpoint = (Expr('"https://${local.domains.api}"') if p.api_domain
                    else Expr("module.http_api.api_endpoint"))
        config["API"] = {"REST": {plan.app: {"endpoint": endpoint,
                                             "region": Expr(REGION)}}}
    custom: dict[str, Value] = {"region": Expr(REGION),
                                "stage": Expr("var.stage")}
    if p.has_websocket:
        custom["websocketUrl"] = _websocket_url(p)
    config["custom"] = custom
    return Call("jsonencode", config)


def _stage_origins(p: PlatformRoot, cors: list[str]) -> list[Value]:
    """CORS origins, the frontend's apex origin replaced by the stage's own site."""
    apex = f"https://{p.site_domain}" if p.site_domain else None
    return [Expr('"https://${local.domains.site}"') if o == apex else o for o in cors]


def _apis(p: PlatformRoot, plan: BuildPlan, cors: list[str]) -> list[Block | Comment]:
    out: list[Block | Comment] = []
    if p.has_http_api:
        api = Block("module", ["http_api"]).attr("source", f"{MODULES}/http_api").add(Blank())
        api.attr("name", _named("http")).attr("cors_origins", _stage_origins(p, cors))
        api.attr("throttling_rate_limit", Expr("local.stage.throttle_rate"))
        api.attr("throttling_burst_limit", Expr("local.stage.throttle_burst"))
        api.attr("log_retention_days", Expr("var.log_retention_days"))
        api.attr("alarm_topic_arn", Expr("module.alerts.topic_arn"))
        if p.auth:
            api.attr("jwt_issuer", Expr("module.user_pool.issuer_url"))
            api.attr("jwt_audience", [Expr("module.user_pool.client_id")])
        out.append(api)
    if p.has_websocket:
        ws = (Block("module", ["websocket_api"]).attr("source", f"{MODULES}/websocket_api")
              .add(Blank()).attr("name", _named("websocket")))
        if p.manage_websocket_logging_role:
            # The setting is account-wide: one stage (the production one) owns it.
            ws.attr("manage_logging_role", Expr("local.production"))
        else:
            # api.websocket_logging_role: existing - the account's setting is left alone.
            ws.attr("manage_logging_role", False)
        out.append(ws)
    if p.api_domain and p.has_http_api:
        out += _custom_domain(p, "api", "http_api", Expr("module.http_api.stage_name"))
    if p.websocket_domain:
        out += _custom_domain(p, "websocket", "websocket_api", Expr("var.stage"))
    return out


def _custom_domain(p: PlatformRoot, role: str, api: str, stage: Expr) -> list[Block | Comment]:
    """A regional certificate, the API's custom domain and its DNS records."""
    domain = Expr(f"local.domains.{role}")
    return [Block("module", [f"{role}_certificate"]).attr("source", f"{MODULES}/certificate")
            .add(Blank()).attr("domain_name", domain).attr("zone_id", _zone_id(p)),
            Block("module", [f"{role}_domain"]).attr("source", f"{MODULES}/api_domain")
            .add(Blank()).attr("domain_name", domain)
            .attr("certificate_arn", Expr(f"module.{role}_certificate.certificate_arn"))
            .attr("api_id", Expr(f"module.{api}.api_id"))
            .attr("stage", stage).attr("zone_id", _zone_id(p))]


def _site(p: PlatformRoot, plan: BuildPlan) -> list[Block]:
    if not p.frontend:
        return []
    out: list[Block] = []
    site = Block("module", ["site"]).attr("source", f"{MODULES}/static_site")
    site.add(Blank()).attr("providers", {Expr("aws"): Expr("aws"),
                                      Expr("aws.us_east_1"): Expr("aws.us_east_1")})
    site.add(Blank()).attr("name", _named("site"))
    site.attr("bucket_name", Expr(PREFIX + '-site-${data.aws_caller_identity.current.account_id}"'))
    site.attr("price_class", Expr("var.price_class"))
    if p.content_security_policy:
        site.attr("content_security_policy", p.content_security_policy)
    site.add(Blank(), Comment("The site bucket holds build output only, so destroying the "
                              "stage may empty it."))
    site.attr("force_destroy", True)
    if p.site_domain:
        out.append(Block("module", ["site_certificate"]).attr("source",
                                                              f"{MODULES}/certificate")
                   .add(Blank()).attr("providers", {"aws": Expr("aws.us_east_1")})
                   .add(Blank()).attr("domain_name", Expr("local.domains.site"))
                   .attr("zone_id", _zone_id(p)))
        site.attr("domain_name", Expr("local.domains.site"))
        site.attr("certificate_arn", Expr("module.site_certificate.certificate_arn"))
        site.attr("zone_id", _zone_id(p))
    if p.ssr:
        artifact = contract.SSR_ARTIFACT.removeprefix("dist/")
        site.attr("ssr", {"filename": artifact_file(artifact),
                          "source_code_hash": artifact_hash(artifact),
                          "runtime": "nodejs22.x"})
    site.add(Blank()).attr("frontend_config", _frontend_config(p, plan))
    out.append(site)
    out += _edge_log_groups(plan)
    return out


def _edge_log_groups(plan: BuildPlan) -> list[Block]:
    """The log groups of the Lambda@Edge replicas, one per edge region, with retention.

    A replica logs in the region that ran it, to ``/aws/lambda/us-east-1.<function>``; left
    to Lambda, that group would be created without retention (logs kept forever).
    """
    aliases = {region: f"aws.{alias}" for alias, region in plan.provider_aliases("platform")}
    aliases.setdefault(plan.region, "aws")
    name = Expr('"/aws/lambda/us-east-1.${local.prefix}-site-ssr"')
    blocks = []
    for region in plan.platform.edge_log_regions:
        block = Block("resource", ["aws_cloudwatch_log_group", edge_alias(region)])
        block.add(Comment("checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts log data at rest "
                          "by default; a customer-managed KMS key is not part of this "
                          "architecture."),
                  Comment("checkov:skip=CKV_AWS_338:Retention is the platform's "
                          "log_retention_days (30 days unless set); keeping replica logs a "
                          "year is a cost the architecture does not impose."))
        block.attr("provider", Expr(aliases[region])).add(Blank())
        block.attr("name", name).attr("retention_in_days", Expr("var.log_retention_days"))
        blocks.append(block)
    return blocks


def emit_platform_root(plan: BuildPlan, cors: list[str],
                       password_min: int, price_class: str) -> dict[str, str]:
    """The files of ``infra/platform/`` as ``{relative path: text}``."""
    p = plan.platform
    base = "infra/platform"
    main: list[Block | Comment | Blank] = [
        *caller_identity(), Block("data", ["aws_region", "current"]),
        _locals(plan),
        Block("module", ["alerts"]).attr("source", f"{MODULES}/alerts").add(Blank())
        .attr("name", _named("alerts")).attr("emails", Expr("local.stage.alert_emails")),
        Block("module", ["bus"]).attr("source", f"{MODULES}/event_bus").add(Blank())
        .attr("name", _named("bus"))
        .attr("archive_retention_days", p.archive_retention_days),
        *_zone(p), *_user_pool(p, plan), *_apis(p, plan, cors), *_site(p, plan),
    ]
    published = {key: {"value": _published(key, p),
                       "description": f"{key} of the platform, read by service roots"}
                 for key in p.published}
    parameters = Block("module", ["published"]).attr("source", f"{MODULES}/parameters")
    parameters.add(Blank(), Comment("Service roots read these (data.aws_ssm_parameter), so "
                                    "each service deploys on its own state."))
    parameters.attr("plain", {Expr(f'"/${{var.app}}/${{var.stage}}/platform/{key}"'): value
                              for key, value in published.items()})
    variables = [
        Block("variable", ["app"]).attr("description", "Application name (blueprint `name`).")
        .attr("type", Expr("string")).attr("default", plan.app),
        *stage_variables(plan, "../../dist"),
        Block("variable", ["log_retention_days"]).attr("description", "Retention of API "
                                                       "access logs, in days.")
        .attr("type", Expr("number")).attr("default", 30),
        Block("variable", ["password_minimum_length"]).attr("description", "Cognito minimum "
                                                            "password length.")
        .attr("type", Expr("number")).attr("default", password_min),
        Block("variable", ["price_class"]).attr("description", "CloudFront price class.")
        .attr("type", Expr("string")).attr("default", price_class),
    ]
    outputs: list[Block] = []

    def output(name: str, desc: str, value: str, when: bool) -> None:
        if when:
            outputs.append(Block("output", [name]).attr("description", desc)
                           .attr("value", Expr(value)))

    output("http_api_endpoint", "Invoke URL of the HTTP API.", "module.http_api.api_endpoint",
           p.has_http_api)
    output("api_url", "Base URL of the HTTP API: its custom domain when set, else the invoke "
           "URL.", '"https://${local.domains.api}"' if p.api_domain
           else "module.http_api.api_endpoint", p.has_http_api)
    output("websocket_url", "URL of the WebSocket API stage.", _websocket_url(p),
           p.has_websocket)
    output("user_pool_id", "Cognito user pool id.", "module.user_pool.user_pool_id", p.auth)
    output("user_pool_client_id", "Cognito SPA client id.", "module.user_pool.client_id", p.auth)
    output("site_url", "URL of the frontend.", "module.site.site_url", p.frontend)
    output("name_servers", "Name servers of the created zone: delegate the zone to them at "
           "the registrar (null on stages that find the production stage's zone).",
           "one(aws_route53_zone.this[*].name_servers)", p.create_zone)
    output("event_bus_name", "Name of the shared event bus.", "module.bus.bus_name", True)
    outputs.append(Block("output", ["frontend_config"])
                   .attr("description", "Amplify JS configuration of the frontend (also "
                         "uploaded as /config.json when the site is hosted).")
                   .attr("value", _frontend_config(p, plan)))
    return {
        f"{base}/versions.tf": tf_file(versions_block(plan, "platform")),
        f"{base}/providers.tf": tf_file(*provider_blocks(plan, None)),
        f"{base}/variables.tf": tf_file(*variables),
        f"{base}/main.tf": tf_file(*main),
        f"{base}/parameters.tf": tf_file(parameters),
        f"{base}/outputs.tf": tf_file(*outputs),
    }
