"""Plan stage: Blueprint -> BuildPlan (names, settings, wiring, IAM, workflows). No I/O."""

from __future__ import annotations

from scaffold.blueprint import model, physical
from scaffold.blueprint.functions import FunctionUse, iter_functions, merged_options
from scaffold.blueprint.names import snake
from scaffold.blueprint.queues import min_visibility_timeout
from scaffold.blueprint.topics import has_topics
from scaffold.plan import asl, callbacks, contract, defaults, iam, site, stages, websocket
from scaffold.plan.access import resolve_access
from scaffold.plan.handlers import build_code
from scaffold.plan.ir import (
    BuildPlan,
    EventRule,
    HostedUi,
    HttpCors,
    HttpRoute,
    IdentityProvider,
    LambdaAuthorizer,
    LambdaFunction,
    LifecycleRule,
    Name,
    ObjectTrigger,
    PlatformRoot,
    Ref,
    Scalar,
    ServiceRoot,
    StateMachine,
    StorageBucket,
    StreamSubscription,
    Table,
    UploadBucket,
    UserPool,
    WebsocketRoute,
    WorkQueue,
)
from scaffold.plan.kinds import ASYNC_TRIGGERS

_STREAM_VIEW = {"new_image": "NEW_IMAGE", "old_image": "OLD_IMAGE",
                "new_and_old_images": "NEW_AND_OLD_IMAGES", "keys_only": "KEYS_ONLY"}
_KEY_TYPE = {"string": "S", "number": "N", "binary": "B"}


def build_plan(bp: model.Blueprint) -> BuildPlan:
    """Turn a valid blueprint into the IR of every building block.

    Args:
        bp: a blueprint that passed validation.

    Returns:
        The build plan: a platform root and one root per service.
    """
    services = tuple(_service(bp, name, svc) for name, svc in sorted(bp.services.items()))
    return BuildPlan(
        app=bp.name, region=bp.region, stages=tuple(bp.stages),
        tags={k: v for k, v in bp.tags.items() if k not in contract.SCAFFOLD_TAGS},
        state_bucket=bp.state.bucket if bp.state else None,
        state_region=(bp.state.region or bp.region) if bp.state else None,
        state_key_prefix=bp.state.key_prefix if bp.state else "scaffold",
        owner_stage=stages.owner_stage(bp), protected_stages=stages.protected_stages(bp),
        stage_environment=stages.stage_environment(bp),
        platform=_platform(bp, services), code=build_code(bp), services=services)


def _auth_type(bp: model.Blueprint, auth: str | list[str] | None) -> str:
    return resolve_access(bp, auth).authorizer


def _function(bp: model.Blueprint, svc: model.ServiceSpec, use: FunctionUse) -> LambdaFunction:
    opts = merged_options(svc, use)
    runtime = defaults.runtime_of(bp, svc)
    env: dict[str, Scalar] = {
        contract.ENV_APP: bp.name, contract.ENV_STAGE: Ref("var", "stage", "value"),
        contract.ENV_SERVICE: use.service,
        "POWERTOOLS_SERVICE_NAME": use.service, "POWERTOOLS_METRICS_NAMESPACE": bp.name,
    }
    for table in dict.fromkeys([*opts.reads, *opts.writes]):
        env[contract.env_table(table)] = Ref("table", table, "name")
    for bucket in dict.fromkeys([*opts.bucket_reads, *opts.bucket_writes]):
        env[contract.env_bucket(bucket)] = Ref("bucket", bucket, "name")
    if use.trigger == "object":
        env[contract.env_bucket(use.key)] = Ref("bucket", use.key, "name")
    if opts.publishes:
        env[contract.ENV_EVENT_BUS] = Ref("platform", "event_bus_name", "value")
        env[contract.ENV_EVENT_SOURCE] = contract.event_source(bp.name, use.service)
    for secret in opts.secrets:
        env[contract.env_secret(secret)] = iam.secret_ref(svc, secret, "name")
    for workflow in opts.starts:
        env[contract.env_workflow(workflow)] = Ref("workflow", workflow, "arn")
    for queue in opts.sends:
        env[contract.env_queue(queue)] = Ref("queue", queue, "url")
    if callbacks.stores_token(svc, use) or callbacks.resumable(svc, use):
        env[contract.ENV_TASK_TOKENS_TABLE] = Ref("table", contract.TOKENS_TABLE, "name")
    for table in websocket.table_access(use, opts, svc):
        env[contract.WEBSOCKET_TABLE_ENV[table]] = Ref("table", table, "name")
    if opts.push:
        env[contract.ENV_WEBSOCKET_ENDPOINT] = Ref("websocket", "connections", "endpoint")
    if use.trigger == "presign":
        upload = svc.uploads[use.key]
        env[contract.ENV_UPLOAD_BUCKET] = Ref("bucket", use.key, "name")
        env[contract.ENV_UPLOAD_PREFIX] = upload.prefix
        env[contract.ENV_UPLOAD_MAX_BYTES] = str(upload.max_size_mb * 1024 * 1024)
        if upload.content_types:
            env[contract.ENV_UPLOAD_CONTENT_TYPES] = ",".join(upload.content_types)
    # $connect verifies the caller's Cognito token (WebSocket APIs have no JWT authorizer).
    if opts.users or (bp.auth and use.trigger == "websocket" and use.key == "$connect"):
        env[contract.ENV_USER_POOL_ID] = Ref("platform", "user_pool_id", "value")
    # $connect accepts only access tokens issued to the app's own client.
    if bp.auth and use.trigger == "websocket" and use.key == "$connect":
        env[contract.ENV_USER_POOL_CLIENT_ID] = Ref("platform", "user_pool_client_id", "value")
    for used in opts.uses:  # declared platform values: the variable, no permission
        var, key = contract.PLATFORM_USES[used]
        env[var] = Ref("platform", key, "value")
    if not runtime.startswith("python"):
        env["NODE_OPTIONS"] = "--enable-source-maps"
    env.update({key: _env_value(value) for key, value in opts.environment.items()})
    return LambdaFunction(
        service=use.service, handler=use.handler, trigger=use.trigger, id=snake(use.handler),
        name=Name(physical.function(use.service, use.handler)),
        description=f"{use.service}: {use.trigger} {use.key}",
        runtime=runtime, entry=contract.handler_entry(use.service, use.handler, runtime),
        artifact=contract.artifact(use.service, use.handler),
        settings={stage: defaults.resolve(bp, stage, svc, opts, use.trigger == "auth_trigger")
                  for stage in bp.stages},
        environment=env, statements=tuple(iam.statements(
            bp.name, use, opts, svc, bp.auth.default_group if bp.auth else None)),
        async_invoked=use.trigger in ASYNC_TRIGGERS,
        provisioned_concurrency=opts.provisioned_concurrency)


_ENV_REF_ATTR = {"table": "name", "bucket": "name", "secret": "name", "workflow": "arn"}


def _env_value(value: str | model.EnvRefSpec) -> Scalar:
    """A literal, or a reference to one of the service's own resources (checked: C213)."""
    if isinstance(value, str):
        return value
    kind, name = next((k, getattr(value, k)) for k in model.ENV_REF_KINDS
                      if getattr(value, k) is not None)
    return Ref(kind, name, _ENV_REF_ATTR[kind])


def _key(spec: model.KeySpec) -> tuple[str, str]:
    return spec.name, _KEY_TYPE[spec.type]


def _tables(name: str, svc: model.ServiceSpec) -> list[Table]:
    tables = [Table(
        id=snake(t), name=Name(physical.resource(name, t)), key=_key(spec.key),
        sort=_key(spec.sort) if spec.sort else None,
        stream=(None if spec.stream is False else
                _STREAM_VIEW["new_and_old_images" if spec.stream is True else spec.stream]),
        ttl=spec.ttl,
        indexes={i: (_key(ix.key), _key(ix.sort) if ix.sort else None)
                 for i, ix in spec.indexes.items()})
        for t, spec in svc.tables.items()]
    if callbacks.has_token_store(svc):
        tables.append(Table(id=snake(contract.TOKENS_TABLE),
                            name=Name(f"{name}-{contract.TOKENS_TABLE}"),
                            key=(contract.TOKENS_KEY, "S"), sort=None, stream=None,
                            ttl=contract.TOKENS_TTL, indexes={}))
    if svc.websocket:
        tables.append(Table(id=snake(contract.CONNECTIONS_TABLE),
                            name=Name(physical.resource(name, contract.CONNECTIONS_TABLE)),
                            key=(contract.CONNECTIONS_KEY, "S"), sort=None, stream=None,
                            ttl=contract.CONNECTIONS_TTL,
                            indexes={contract.CONNECTIONS_USER_INDEX:
                                     ((contract.CONNECTIONS_USER, "S"), None)}))
    if has_topics(svc):
        table, key, sort, ttl = websocket.subscriptions_table()
        tables.append(Table(id=snake(table), name=Name(f"{name}-{table}"), key=key, sort=sort,
                            stream=None, ttl=ttl, indexes={}))
    return tables


def _queues(name: str, svc: model.ServiceSpec,
            functions: list[LambdaFunction]) -> list[WorkQueue]:
    by_id = {f.id: f for f in functions}
    out = []
    for q, spec in svc.queues.items():
        c = spec.consumer
        fn = by_id[snake(c.handler)]
        # An explicit visibility timeout was checked against every stage (C194); otherwise
        # it follows the consumer's timeout of each stage, as AWS recommends.
        visibility = {stage: spec.visibility_timeout if spec.visibility_timeout is not None
                      else min_visibility_timeout(s.timeout, c.batching_window_seconds)
                      for stage, s in fn.settings.items()}
        out.append(WorkQueue(
            id=snake(q), name=Name(f"{name}-{q}"), fifo=spec.fifo,
            content_based_deduplication=spec.content_based_deduplication,
            visibility_timeout=visibility, retention_seconds=spec.retention_days * 86400,
            max_receives=spec.max_receives, consumer=fn.id, batch_size=c.batch_size,
            batching_window=c.batching_window_seconds, max_concurrency=c.max_concurrency))
    return out


def _service(bp: model.Blueprint, name: str, svc: model.ServiceSpec) -> ServiceRoot:
    uses = list(iter_functions(name, svc))
    functions, seen = [], set()
    for use in uses:
        if use.handler not in seen:
            seen.add(use.handler)
            functions.append(_function(bp, svc, use))
    routes = [HttpRoute(snake(u.handler), u.key, snake(u.handler),
                        _auth_type(bp, svc.routes[u.key].auth))  # type: ignore[arg-type]
              for u in uses if u.trigger == "route"]
    routes += [HttpRoute(snake(up.presign.handler), up.route, snake(up.presign.handler),
                         _auth_type(bp, up.auth))  # type: ignore[arg-type]
               for up in svc.uploads.values()]
    rules = [EventRule(
        id=snake(h), name=Name(physical.function(name, h)), function=snake(h),
        pattern={"source": [contract.event_source(bp.name, sub.event.split(".")[0])],
                 "detail-type": [sub.event.split(".")[1]]},
        schedule=None, retries=sub.retries, max_age=sub.max_age_seconds)
        for h, sub in svc.subscribes.items()]
    rules += [EventRule(id=snake(h), name=Name(physical.function(name, h)), function=snake(h),
                        pattern=None, schedule=s.schedule, retries=3, max_age=3600)
              for h, s in svc.schedules.items()]
    streams = [StreamSubscription(snake(h), s.table, snake(h), s.batch_size, s.retries,
                                  s.starting_position) for h, s in svc.streams.items()]
    buckets = [UploadBucket(snake(b), Name(physical.resource(name, b)), up.prefix,
                            up.expire_days, snake(up.on_upload.handler) if up.on_upload else None)
               for b, up in svc.uploads.items()]
    storage = [_storage_bucket(name, b, spec) for b, spec in svc.buckets.items()]
    workflows = [StateMachine(
        id=snake(w), name=Name(physical.resource(name, w)), definition=asl.definition(w, wf),
        functions=tuple(dict.fromkeys(snake(u.handler) for u in uses
                                      if u.trigger in ("task", "callback") and u.key == w)),
        log_level=wf.log_level, log_execution_data=wf.log_execution_data)
        for w, wf in svc.workflows.items()]
    platform_values = ["alerts_topic_arn"]
    if routes:
        platform_values += ["http_api_id", "http_api_execution_arn"]
        if bp.auth:
            platform_values.append("http_authorizer_id")
    if any(f.environment.get(contract.ENV_EVENT_BUS) for f in functions) or rules:
        platform_values += ["event_bus_name", "event_bus_arn"]
    if svc.websocket:
        platform_values += ["websocket_api_id", "websocket_api_execution_arn"]
    if bp.auth and (svc.auth_triggers or any(f.environment.get(contract.ENV_USER_POOL_ID)
                                             for f in functions)):
        platform_values += ["user_pool_id", "user_pool_arn"]
    if any(f.environment.get(contract.ENV_USER_POOL_CLIENT_ID) for f in functions):
        platform_values.append("user_pool_client_id")
    if svc.uploads and bp.frontend:
        platform_values.append("site_url")
    platform_values += [contract.PLATFORM_USES[u][1] for use in uses
                        for u in merged_options(svc, use).uses]
    shared = tuple(dict.fromkeys(s for use in uses for s in merged_options(svc, use).secrets
                                 if s not in svc.secrets))
    platform_values += [contract.shared_secret_key(s) for s in shared]
    return ServiceRoot(
        service=name, functions=tuple(functions), tables=tuple(_tables(name, svc)),
        routes=tuple(routes), rules=tuple(rules), streams=tuple(streams),
        buckets=tuple(buckets), workflows=tuple(workflows),
        websocket=tuple(WebsocketRoute(k, snake(r.handler)) for k, r in svc.websocket.items()),
        secrets={s: spec.description or f"{s} of service {name}"
                 for s, spec in svc.secrets.items()},
        auth_triggers={k: snake(r.handler) for k, r in svc.auth_triggers.items()},
        platform_values=tuple(dict.fromkeys(platform_values)),
        needs_failures=any(f.async_invoked for f in functions) or bool(streams),
        queues=tuple(_queues(name, svc, functions)),
        tags={k: v for k, v in svc.tags.items() if k not in contract.SCAFFOLD_TAGS},
        storage_buckets=tuple(storage), shared_secrets=shared,
        authorizer=LambdaAuthorizer(
            function=snake(svc.authorizer.handler),
            name=Name(physical.function(name, svc.authorizer.handler)),
            identity=tuple(svc.authorizer.identity), ttl=svc.authorizer.ttl)
        if svc.authorizer else None)


def _storage_bucket(service: str, bucket: str, spec: model.BucketSpec) -> StorageBucket:
    rules = tuple(LifecycleRule(
        id=f"rule-{i}", prefix=rule.prefix,
        transitions=tuple((cls.upper(), days) for cls, days in sorted(
            rule.transitions.items(), key=lambda item: model.STORAGE_CLASSES.index(item[0]))),
        expire_days=rule.expire_days) for i, rule in enumerate(spec.lifecycle, start=1))
    trigger = spec.on_object
    return StorageBucket(
        id=snake(bucket), name=Name(f"{service}-{bucket}"), versioning=spec.versioning,
        noncurrent_expire_days=spec.noncurrent_expire_days,
        abort_multipart_days=spec.abort_multipart_days, lifecycle=rules,
        kms_key_arn=spec.kms_key_arn,
        on_object=ObjectTrigger(
            function=snake(trigger.handler),
            events=tuple(contract.S3_EVENTS[e] for e in dict.fromkeys(trigger.events)),
            prefix=trigger.prefix, suffix=trigger.suffix) if trigger else None)


_MFA = {"off": "OFF", "optional": "OPTIONAL", "required": "ON"}


def _user_pool(auth: model.AuthSpec) -> UserPool:
    pw = auth.password
    return UserPool(
        mfa=_MFA[auth.mfa],  # type: ignore[arg-type]
        password_require={"lowercase": pw.require_lowercase, "uppercase": pw.require_uppercase,
                          "numbers": pw.require_numbers, "symbols": pw.require_symbols},
        default_group=auth.default_group,
        email_from=auth.email.from_ if auth.email else None,
        email_identity=auth.email.ses_identity if auth.email else None,
        hosted_ui=_hosted_ui(auth.hosted_ui) if auth.hosted_ui else None,
        identity_providers=tuple(
            IdentityProvider(name=name, type=idp.type, client_id=idp.client_id,
                             secret_parameter=idp.client_secret, issuer=idp.issuer,
                             metadata_url=idp.metadata_url, scopes=tuple(idp.scopes),
                             attributes=dict(idp.attributes))
            for name, idp in sorted(auth.identity_providers.items())))


def _hosted_ui(ui: model.HostedUiSpec) -> HostedUi:
    return HostedUi(domain_prefix=ui.domain_prefix, callback_path=ui.callback_path,
                    logout_path=ui.logout_path, callback_urls=tuple(ui.callback_urls),
                    logout_urls=tuple(ui.logout_urls), scopes=tuple(ui.scopes))


def _platform(bp: model.Blueprint, services: tuple[ServiceRoot, ...]) -> PlatformRoot:
    has_http = any(s.routes for s in services)
    has_ws = any(s.websocket for s in services)
    published = ["alerts_topic_arn", "event_bus_name", "event_bus_arn"]
    if has_http:
        published += ["http_api_id", "http_api_execution_arn", "api_url"]
        if bp.auth:
            published.append("http_authorizer_id")
    if has_ws:
        published += ["websocket_api_id", "websocket_api_execution_arn"]
    if bp.auth:
        published += ["user_pool_id", "user_pool_arn", "user_pool_client_id"]
    if bp.frontend:
        published.append("site_url")
    published += [contract.shared_secret_key(s) for s in bp.secrets]
    triggers: dict[str, Name] = {str(kind): Name(physical.function(s, ref.handler))
                for s, svc in sorted(bp.services.items())
                for kind, ref in svc.auth_triggers.items()}
    # dns.delegated: false holds back every certificate and custom domain: ACM DNS validation
    # would otherwise wait (up to 75 minutes) for a zone the registrar does not point to.
    delegated = bp.dns is None or bp.dns.delegated
    site_domain = bp.frontend.domain if bp.frontend else None
    return PlatformRoot(
        has_http_api=has_http, has_websocket=has_ws, auth=bp.auth is not None,
        user_pool=_user_pool(bp.auth) if bp.auth else None,
        manage_websocket_logging_role=has_ws and bp.api.websocket_logging_role == "managed",
        groups={g: spec.description or f"{g} users" for g, spec in
                (bp.auth.groups.items() if bp.auth else [])},
        auth_triggers=triggers, frontend=bp.frontend is not None,
        ssr=bool(bp.frontend and bp.frontend.ssr),
        content_security_policy=site.content_security_policy(bp),
        edge_log_regions=site.edge_log_regions(bp),
        dns_zone=bp.dns.zone if bp.dns else None,
        create_zone=bool(bp.dns and bp.dns.create_zone),
        site_domain=site_domain if delegated else None,
        api_domain=bp.api.domain if delegated else None,
        websocket_domain=bp.api.websocket_domain if has_ws and delegated else None,
        stage_domains=stages.stage_domains(bp) if delegated else {},
        alert_emails=tuple(bp.alerts.email if bp.alerts else ()),
        archive_retention_days=bp.bus.archive_retention_days,
        stage_settings=stages.stage_platform(bp),
        published=tuple(published),
        secrets={s: spec.description or f"{s}, shared by the platform"
                 for s, spec in bp.secrets.items()},
        deferred_domains=() if delegated else tuple(
            d for d in (site_domain, bp.api.domain, bp.api.websocket_domain) if d),
        cors=_cors(bp.api),
        zone_id=bp.dns.zone_id if bp.dns else None,
        existing_bus=bp.bus.existing_name,
        existing_user_pool=(bp.auth.existing.user_pool_id, bp.auth.existing.client_id)
        if bp.auth and bp.auth.existing else None,
        api_certificate_arn=bp.api.certificate_arn,
        site_certificate_arn=bp.frontend.certificate_arn if bp.frontend else None,
        password_min_length=bp.auth.password.min_length if bp.auth else 12,
        price_class=bp.frontend.price_class if bp.frontend else "PriceClass_100")



def _cors(api: model.ApiSpec) -> HttpCors:
    """``api.cors``, or its short form ``api.cors_origins`` (both set: C216)."""
    if api.cors is None:
        return HttpCors(origins=tuple(api.cors_origins))
    c = api.cors
    return HttpCors(origins=tuple(c.origins), methods=tuple(c.methods), headers=tuple(c.headers),
                    expose_headers=tuple(c.expose_headers), credentials=c.credentials,
                    max_age=c.max_age)
