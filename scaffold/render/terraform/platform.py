"""Emit the platform root (``infra/platform/``): bus, auth, APIs, frontend, domains, alerts."""

from __future__ import annotations

from scaffold.blueprint.names import snake
from scaffold.plan import contract
from scaffold.plan.ir import (
    BuildPlan,
    HostedUi,
    HttpCors,
    IdentityProvider,
    PlatformRoot,
    edge_alias,
)
from scaffold.render.terraform.common import (
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
from scaffold.render.terraform.hcl import Blank, Block, Call, Comment, Expr, Value, quote

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


# Existing resources (dns.zone_id, bus.existing_name, auth.existing) are data sources; the
# values services read stay the same SSM parameters, so service roots do not change.
_EXISTING_BUS = {"event_bus_name": "data.aws_cloudwatch_event_bus.this.name",
                 "event_bus_arn": "data.aws_cloudwatch_event_bus.this.arn"}
_EXISTING_POOL = {"user_pool_id": "data.aws_cognito_user_pool.this.id",
                  "user_pool_arn": "data.aws_cognito_user_pool.this.arn",
                  "user_pool_client_id": "data.aws_cognito_user_pool_client.this.id"}


def _value(p: PlatformRoot, key: str) -> str:
    """The expression of a platform value (``PUBLISHED`` key), created or existing."""
    if p.existing_bus and key in _EXISTING_BUS:
        return _EXISTING_BUS[key]
    if p.existing_user_pool and key in _EXISTING_POOL:
        return _EXISTING_POOL[key]
    return PUBLISHED[key]


def _issuer(p: PlatformRoot) -> Expr:
    if p.existing_user_pool:
        # Cognito's token issuer: https://cognito-idp.<region>.amazonaws.com/<pool id>.
        return Expr('"https://cognito-idp.${' + REGION + '}.amazonaws.com/'
                    '${data.aws_cognito_user_pool.this.id}"')
    return Expr("module.user_pool.issuer_url")


def _bus(p: PlatformRoot) -> list[Block]:
    if p.existing_bus:
        return [Block("data", ["aws_cloudwatch_event_bus", "this"])
                .attr("name", p.existing_bus)]
    return [Block("module", ["bus"]).attr("source", f"{MODULES}/event_bus").add(Blank())
            .attr("name", _named("bus"))
            .attr("archive_retention_days", p.archive_retention_days)]


def _published(key: str, p: PlatformRoot) -> Expr:
    """The value published under ``key``: the API's URL is its custom domain when set."""
    shared = {contract.shared_secret_key(s): s for s in p.secrets}
    if key in shared:
        return Expr(f"module.shared_secrets.parameter_arns[local.shared_secret_paths"
                    f"[{quote(shared[key])}]]")
    if key == "api_url":
        return Expr('"https://${local.domains.api}"' if p.api_domain
                    else "module.http_api.api_endpoint")
    return Expr(_value(p, key))


def _named(name: str) -> Expr:
    return Expr(PREFIX + "-" + name + '"')


def _zone(p: PlatformRoot) -> list[Block | Comment]:
    if not p.dns_zone:
        return []
    lookup = Block("data", ["aws_route53_zone", "this"])
    if p.zone_id:
        return [lookup.attr("zone_id", p.zone_id)]
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


def _user_pool(p: PlatformRoot, plan: BuildPlan) -> list[Block | Comment]:
    if not p.auth:
        return []
    if p.existing_user_pool:
        pool_id, client_id = p.existing_user_pool
        return [Block("data", ["aws_cognito_user_pool", "this"]).attr("user_pool_id", pool_id),
                Block("data", ["aws_cognito_user_pool_client", "this"])
                .attr("user_pool_id", Expr("data.aws_cognito_user_pool.this.id"))
                .attr("client_id", client_id)]
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
    out: list[Block | Comment] = []
    if pool is not None and pool.hosted_ui is not None:
        out += _hosted_ui(p, pool.hosted_ui, block)
    if pool is not None and pool.identity_providers:
        out += _identity_providers(pool.identity_providers, block)
    if triggers:
        block.add(Blank(), Comment("Trigger functions live in their service roots, deployed "
                                   "after this one; their ARNs follow the naming contract and "
                                   "each service grants Cognito the invoke permission."))
        block.attr("triggers", triggers).attr("create_trigger_permissions", False)
    return [*out, block]


def _hosted_ui(p: PlatformRoot, ui: HostedUi, block: Block) -> list[Block | Comment]:
    """The stage's prefix domain and redirect URLs, in ``local.oauth`` (the site reads it too)."""
    origin = ('https://${local.domains.site}' if p.site_domain
              else 'https://${module.site.distribution_domain_name}' if p.frontend else None)

    def urls(path: str, extra: tuple[str, ...]) -> list[Value]:
        # The origin is an interpolation of ours; the user's path is quoted as a literal.
        own: list[Value] = [Expr('"' + origin + quote(path)[1:-1] + '"')] if origin else []
        return own + list(extra)

    oauth = Block("locals", []).attr("oauth", {
        "domain_prefix": Expr('local.production ? ' + quote(ui.domain_prefix) + ' : "'
                              + ui.domain_prefix + '-${var.stage}"'),
        "callback_urls": urls(ui.callback_path, ui.callback_urls),
        "logout_urls": urls(ui.logout_path, ui.logout_urls),
        "scopes": list(ui.scopes)})
    block.add(Blank(), Comment("The hosted UI: one prefix domain per stage (production keeps "
                               "the bare prefix); Cognito returns to the stage's own site."))
    block.attr("domain_prefix", Expr("local.oauth.domain_prefix"))
    block.attr("oauth", {"callback_urls": Expr("local.oauth.callback_urls"),
                         "logout_urls": Expr("local.oauth.logout_urls"),
                         "scopes": Expr("local.oauth.scopes")})
    return [oauth]


def _secret_name(parameter: str) -> Expr:
    """An SSM name whose ``{stage}`` is the stage (validation allows no other braces)."""
    return Expr(quote(parameter).replace("{stage}", "${var.stage}"))


def _identity_providers(idps: tuple[IdentityProvider, ...], block: Block) -> list[Block]:
    """The providers' settings, and a data source per client secret kept in SSM."""
    lookups: list[Block] = []
    secrets: dict[str, Value] = {}
    settings: dict[str, Value] = {}
    for idp in idps:
        entry: dict[str, Value] = {"type": idp.type}
        for key, value in (("client_id", idp.client_id), ("oidc_issuer", idp.issuer),
                           ("metadata_url", idp.metadata_url)):
            if value is not None:
                entry[key] = value
        if idp.scopes:
            entry["scopes"] = list(idp.scopes)
        if idp.attributes:
            entry["attribute_mapping"] = dict(idp.attributes)
        settings[idp.name] = entry
        if idp.secret_parameter is not None:
            ident = "idp_" + snake(idp.name)
            lookups.append(Block("data", ["aws_ssm_parameter", ident])
                           .attr("name", _secret_name(idp.secret_parameter))
                           .attr("with_decryption", True))
            secrets[idp.name] = Expr(f"data.aws_ssm_parameter.{ident}.value")
    block.add(Blank(), Comment("External sign-in. Client secrets are read from SSM, where you "
                               "put them; Cognito's provider settings hold them, so they are "
                               "in this root's state as well."))
    block.attr("identity_providers", settings)
    if secrets:
        block.attr("identity_provider_secrets", secrets)
    return lookups


def _websocket_url(p: PlatformRoot) -> Expr:
    if p.websocket_domain:
        return Expr('"wss://${local.domains.websocket}"')
    return Expr('"${module.websocket_api.api_endpoint}/${var.stage}"')


def _frontend_config(p: PlatformRoot, plan: BuildPlan) -> Value:
    config: dict[str, Value] = {}
    if p.auth:
        config["Auth"] = {"Cognito": {"userPoolId": Expr(_value(p, "user_pool_id")),
                                      "userPoolClientId": Expr(_value(p, "user_pool_client_id")),
                                      "loginWith": _login_with(p)}}
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


def _login_with(p: PlatformRoot) -> Value:
    """Amplify's ``loginWith``: e-mail, and the hosted UI's OAuth settings when it exists."""
    login: dict[str, Value] = {"email": True}
    pool = p.user_pool
    if pool is not None and pool.hosted_ui is not None:
        providers: list[Value] = [i.name if i.type == "google" else {"custom": i.name}
                                  for i in pool.identity_providers]
        login["oauth"] = {"domain": Expr("module.user_pool.hosted_ui_domain"),
                          "scopes": Expr("local.oauth.scopes"),
                          "redirectSignIn": Expr("local.oauth.callback_urls"),
                          "redirectSignOut": Expr("local.oauth.logout_urls"),
                          "responseType": "code", "providers": providers}
    return login


def _stage_origins(p: PlatformRoot) -> list[Value]:
    """CORS origins, the frontend's apex origin replaced by the stage's own site."""
    apex = f"https://{p.site_domain}" if p.site_domain else None
    return [Expr('"https://${local.domains.site}"') if o == apex else o for o in p.cors.origins]


def _cors(api: Block, cors: HttpCors) -> None:
    """The CORS settings that differ from the module's defaults (the blueprint's too)."""
    default = HttpCors()
    if cors.methods != default.methods:
        api.attr("cors_allow_methods", list(cors.methods))
    if cors.headers != default.headers:
        api.attr("cors_allow_headers", list(cors.headers))
    if cors.expose_headers:
        api.attr("cors_expose_headers", list(cors.expose_headers))
    if cors.credentials:
        api.attr("cors_allow_credentials", True)
    if cors.max_age != default.max_age:
        api.attr("cors_max_age", cors.max_age)


def _apis(p: PlatformRoot, plan: BuildPlan) -> list[Block | Comment]:
    out: list[Block | Comment] = []
    if p.has_http_api:
        api = Block("module", ["http_api"]).attr("source", f"{MODULES}/http_api").add(Blank())
        api.attr("name", _named("http")).attr("cors_origins", _stage_origins(p))
        _cors(api, p.cors)
        api.attr("throttling_rate_limit", Expr("local.stage.throttle_rate"))
        api.attr("throttling_burst_limit", Expr("local.stage.throttle_burst"))
        api.attr("log_retention_days", Expr("var.log_retention_days"))
        api.attr("alarm_topic_arn", Expr("module.alerts.topic_arn"))
        if p.auth:
            api.attr("jwt_issuer", _issuer(p))
            api.attr("jwt_audience", [Expr(_value(p, "user_pool_client_id"))])
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
    out: list[Block | Comment] = []
    if p.api_certificate_arn:
        certificate: Value = p.api_certificate_arn  # api.certificate_arn: existing, not created
    else:
        out.append(Block("module", [f"{role}_certificate"]).attr("source",
                                                                 f"{MODULES}/certificate")
                   .add(Blank()).attr("domain_name", domain).attr("zone_id", _zone_id(p)))
        certificate = Expr(f"module.{role}_certificate.certificate_arn")
    return [*out,
            Block("module", [f"{role}_domain"]).attr("source", f"{MODULES}/api_domain")
            .add(Blank()).attr("domain_name", domain)
            .attr("certificate_arn", certificate)
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
        certificate: Value = p.site_certificate_arn or ""  # frontend.certificate_arn: existing
        if not p.site_certificate_arn:
            out.append(Block("module", ["site_certificate"]).attr("source",
                                                                  f"{MODULES}/certificate")
                       .add(Blank()).attr("providers", {"aws": Expr("aws.us_east_1")})
                       .add(Blank()).attr("domain_name", Expr("local.domains.site"))
                       .attr("zone_id", _zone_id(p)))
            certificate = Expr("module.site_certificate.certificate_arn")
        site.attr("domain_name", Expr("local.domains.site"))
        site.attr("certificate_arn", certificate)
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


def emit_platform_root(plan: BuildPlan) -> dict[str, str]:
    """The files of ``infra/platform/`` as ``{relative path: text}``."""
    p = plan.platform
    base = "infra/platform"
    main: list[Block | Comment | Blank] = [
        *caller_identity(), Block("data", ["aws_region", "current"]),
        _locals(plan),
        Block("module", ["alerts"]).attr("source", f"{MODULES}/alerts").add(Blank())
        .attr("name", _named("alerts")).attr("emails", Expr("local.stage.alert_emails")),
        *_bus(p), *_zone(p), *_user_pool(p, plan), *_apis(p, plan), *_site(p, plan),
    ]
    if p.secrets:
        main.append(Block("module", ["shared_secrets"]).attr("source", f"{MODULES}/parameters")
                    .add(Blank(), Comment("Secrets several services read. Values are set out "
                                          "of band (aws ssm put-parameter"),
                         Comment("--overwrite); never in this repository or the state."))
                    .attr("secure", {Expr(f"(local.shared_secret_paths[{quote(s)}])"):
                                     {"description": d} for s, d in p.secrets.items()}))
        main.append(Block("locals").attr("shared_secret_paths", {
            s: Expr('"/${var.app}/${var.stage}/platform/secrets/' + s + '"')
            for s in p.secrets}))
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
        .attr("type", Expr("number")).attr("default", plan.platform.password_min_length),
        Block("variable", ["price_class"]).attr("description", "CloudFront price class.")
        .attr("type", Expr("string")).attr("default", plan.platform.price_class),
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
    output("user_pool_id", "Cognito user pool id.", _value(p, "user_pool_id"), p.auth)
    output("user_pool_client_id", "Cognito SPA client id.", _value(p, "user_pool_client_id"),
           p.auth)
    output("site_url", "URL of the frontend.", "module.site.site_url", p.frontend)
    output("hosted_ui_url", "Sign-in page of the hosted UI (Cognito's domain of this stage).",
           '"https://${module.user_pool.hosted_ui_domain}"',
           p.user_pool is not None and p.user_pool.hosted_ui is not None)
    output("name_servers", "Name servers of the created zone: delegate the zone to them at "
           "the registrar (null on stages that find the production stage's zone).",
           "one(aws_route53_zone.this[*].name_servers)", p.create_zone)
    output("event_bus_name", "Name of the shared event bus.", _value(p, "event_bus_name"), True)
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
