"""Emit one service root (``infra/services/<service>/``): its functions, data and wiring."""

from __future__ import annotations

import json

from scaffold.plan import contract
from scaffold.plan.ir import BuildPlan, LambdaFunction, ServiceRoot, Statement
from scaffold.render.terraform.common import (
    REGION,
    artifact_file,
    artifact_hash,
    caller_identity,
    data_to_hcl,
    name_expr,
    protected_expr,
    provider_blocks,
    ref_expr,
    scalar,
    stage_variables,
    tf_file,
    versions_block,
)
from scaffold.render.terraform.hcl import Blank, Block, Call, Comment, Expr, Value, quote

MODULES = "../../modules"
RESOLVE = {
    "table.name": "module.table_{name}.table_name",
    "table.arn": "module.table_{name}.table_arn",
    "table": "module.table_{name}.{attr}",
    "function.arn": "module.fn_{name}.function_arn",
    "function": "module.fn_{name}.function_{attr}",
    "bucket": "module.bucket_{name}.bucket_{attr}",
    "workflow.arn": "module.workflow_{name}.state_machine_arn",
    "secret.name": "local.secret_paths[{key}]",
    "secret.arn": "module.secrets.parameter_arns[local.secret_paths[{key}]]",
    "shared_secret.name": "local.shared_secrets[{key}].name",
    "shared_secret.arn": "local.shared_secrets[{key}].arn",
    "platform": "local.platform[{key}]",
    "failures": "module.failures.{attr}",
    "queue.arn": "module.queue_{name}.queue_arn",
    "queue.url": "module.queue_{name}.queue_url",
    "websocket.arn": "\"${{local.platform[\"websocket_api_execution_arn\"]}}/${{var.stage}}"
                     "/POST/@connections/*\"",
    "websocket.endpoint": "replace(module.websocket.invoke_url, \"wss://\", \"https://\")",
    "var": "var.{name}",
    "integration.arn": "\"arn:${{data.aws_partition.current.partition}}:states:::{name}\"",
}


def _key(name: str) -> str:
    """Blueprint names are kebab-case; Terraform module ids are snake_case."""
    return name.replace("-", "_")


def _ref(kind: str, name: str, attr: str) -> Expr:
    from scaffold.plan.ir import Ref

    return ref_expr(Ref(kind, _key(name), attr), RESOLVE)


def _norm(value: object) -> object:
    """Blueprint names inside refs are kebab; Terraform module ids are snake."""
    from scaffold.plan.ir import Ref

    if isinstance(value, Ref) and value.kind in ("table", "bucket", "workflow", "function",
                                                 "queue"):
        return Ref(value.kind, _key(value.name), value.attr, value.suffix)
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_norm(v) for v in value]
    return value


def _statement(st: Statement) -> dict[str, Value]:
    out: dict[str, Value] = {
        "sid": st.sid, "actions": list(st.actions),
        "resources": [scalar(_norm(r), RESOLVE) for r in st.resources],  # type: ignore[arg-type]
    }
    if st.conditions:
        out["conditions"] = [{"test": t, "variable": v, "values": list(vals)}
                             for t, v, vals in st.conditions]
    return out


_OPTIONAL_SETTINGS = ("reserved_concurrency", "ephemeral_storage", "layers", "subnet_ids",
                      "security_group_ids")
"""Settings written to ``local.settings`` only in roots where a function sets them."""
_SETTING_DEFAULTS: dict[str, object] = {"reserved_concurrency": None, "ephemeral_storage": 512,
                                        "layers": (), "subnet_ids": (), "security_group_ids": ()}
_MODULE_INPUTS = {"reserved_concurrency": "reserved_concurrent_executions",
                  "ephemeral_storage": "ephemeral_storage_size", "layers": "layers",
                  "subnet_ids": "vpc_subnet_ids", "security_group_ids": "vpc_security_group_ids"}


def _optional_settings(root: ServiceRoot) -> tuple[str, ...]:
    """The optional settings some function of the root sets in some stage."""
    return tuple(name for name in _OPTIONAL_SETTINGS
                 if any(getattr(by_stage, name) != _SETTING_DEFAULTS[name]
                        for fn in root.functions for by_stage in fn.settings.values()))


def _function(fn: LambdaFunction, root: ServiceRoot, stage_environment: bool) -> Block:
    setting = f"local.settings[{quote(fn.id)}]"
    env = {k: scalar(_norm(v), RESOLVE) for k, v in sorted(fn.environment.items())}  # type: ignore[arg-type]
    artifact = fn.artifact.removeprefix("dist/")
    block = Block("module", [f"fn_{fn.id}"]).attr("source", f"{MODULES}/lambda_function")
    block.add(Blank())
    block.attr("function_name", name_expr(fn.name)).attr("description", fn.description)
    block.attr("handler", fn.entry).attr("runtime", fn.runtime)
    block.attr("filename", artifact_file(artifact))
    block.attr("source_code_hash", artifact_hash(artifact))
    block.attr("architecture", Expr(f"{setting}.architecture"))
    block.attr("memory_size", Expr(f"{setting}.memory"))
    block.attr("timeout", Expr(f"{setting}.timeout"))
    block.attr("log_retention_days", Expr(f"{setting}.log_retention_days"))
    block.attr("tracing_mode", Expr(f'{setting}.tracing ? "Active" : "PassThrough"'))
    for name in _optional_settings(root):
        block.attr(_MODULE_INPUTS[name], Expr(f"{setting}.{name}"))
    if fn.provisioned_concurrency is not None:
        block.add(Blank(), Comment("Published, with the alias live that every caller invokes."))
        block.attr("provisioned_concurrency", fn.provisioned_concurrency).add(Blank())
    block.attr("alarm_topic_arn", Expr('local.platform["alerts_topic_arn"]'))
    if fn.async_invoked:
        block.attr("dead_letter_target_arn", Expr("module.failures.topic_arn"))
    if stage_environment:
        block.add(Blank(), Comment("The stage's environment, then the function's own (it wins)."))
        block.attr("environment_variables",
                   Call("merge", env, before=(Expr("local.stage_environment"),)))
    else:
        block.add(Blank()).attr("environment_variables", env)
    if fn.statements:
        block.add(Blank())
        for st in fn.statements:
            if st.why and "*" in st.resources:
                block.add(Comment(f"{st.sid}: resource * because {st.why.rstrip('.')}."))
            elif st.why:
                block.add(Comment(f"{st.sid}: {st.why.rstrip('.')}."))
        block.attr("policy_statements", [_statement(st) for st in fn.statements])
    return block


def _stage_settings(fn: LambdaFunction, stage: str, optional: tuple[str, ...]) -> Value:
    st = fn.settings[stage]
    out: dict[str, Value] = {
        "memory": st.memory, "timeout": st.timeout, "architecture": st.architecture,
        "log_retention_days": st.log_retention_days, "tracing": st.tracing}
    for name in optional:
        value = getattr(st, name)
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


def _settings(plan: BuildPlan, root: ServiceRoot) -> Block:
    by_stage: dict[str, Value] = {}
    stages = sorted({s for fn in root.functions for s in fn.settings})
    optional = _optional_settings(root)
    for stage in stages:
        by_stage[stage] = {fn.id: _stage_settings(fn, stage, optional) for fn in root.functions}
    block = Block("locals").attr("prefix", Expr('"${var.app}-${var.stage}"')) \
        .attr("protected", protected_expr(plan)) \
        .attr("platform", Expr("{ for key, p in data.aws_ssm_parameter.platform : "
                               "key => nonsensitive(p.value) }")) \
        .add(Blank(), Comment("Function settings per stage: defaults -> stage -> service -> "
                              "function.")) \
        .attr("settings_by_stage", by_stage) \
        .attr("settings", Expr("local.settings_by_stage[var.stage]"))
    if plan.stage_environment:
        block.add(Blank(), Comment("Environment every function of the stage gets (stages.<stage>."
                                   "environment)."))
        block.attr("stage_environment_by_stage", plan.stage_environment)
        block.attr("stage_environment", Expr("local.stage_environment_by_stage[var.stage]"))
    return block


def _tables(root: ServiceRoot) -> list[Block]:
    blocks = []
    for t in root.tables:
        b = Block("module", [f"table_{t.id}"]).attr("source", f"{MODULES}/dynamodb_table")
        b.add(Blank()).attr("table_name", name_expr(t.name)).attr("hash_key", t.key[0]) \
            .attr("hash_key_type", t.key[1])
        if t.sort:
            b.attr("range_key", t.sort[0]).attr("range_key_type", t.sort[1])
        b.attr("deletion_protection", Expr("local.protected"))
        if t.stream:
            b.attr("stream_view_type", t.stream)
        if t.ttl:
            b.attr("ttl_attribute", t.ttl)
        if t.indexes:
            b.attr("global_secondary_indexes", {
                name: {"hash_key": k[0], "hash_key_type": k[1],
                       **({"range_key": s[0], "range_key_type": s[1]} if s else {})}
                for name, (k, s) in t.indexes.items()})
        blocks.append(b)
    return blocks


def _invoked(function: str, warm: set[str]) -> dict[str, Value]:
    """What API Gateway invokes: the alias ``live`` of a function with provisioned
    concurrency (and the permission on that qualifier), else the function itself."""
    if function not in warm:
        return {"invoke_arn": Expr(f"module.fn_{function}.invoke_arn")}
    return {"invoke_arn": Expr(f"module.fn_{function}.alias_invoke_arn"),
            "qualifier": Expr(f"module.fn_{function}.alias_name")}


def _routes(root: ServiceRoot) -> list[Block]:
    if not root.routes:
        return []
    warm = {f.id for f in root.functions if f.provisioned_concurrency is not None}
    routes = {r.id: {"route_key": r.route_key,
                     "function_name": Expr(f"module.fn_{r.function}.function_name"),
                     **_invoked(r.function, warm),
                     "authorization_type": r.auth} for r in root.routes}
    b = Block("module", ["routes"]).attr("source", f"{MODULES}/http_routes").add(Blank())
    b.attr("api_id", Expr('local.platform["http_api_id"]'))
    b.attr("execution_arn", Expr('local.platform["http_api_execution_arn"]'))
    if "http_authorizer_id" in root.platform_values:
        b.attr("authorizer_id", Expr('local.platform["http_authorizer_id"]'))
    if root.authorizer is not None:
        a = root.authorizer
        b.add(Blank(), Comment("The service's Lambda authorizer, for its auth: custom routes."))
        b.attr("lambda_authorizer", {
            "name": name_expr(a.name),
            "function_name": Expr(f"module.fn_{a.function}.function_name"),
            **_invoked(a.function, warm),
            "identity_sources": list(a.identity), "ttl_seconds": a.ttl})
    return [b.add(Blank()).attr("routes", routes)]


def _rules(root: ServiceRoot) -> list[Block]:
    if not root.rules:
        return []
    rules: dict[str, Value] = {}
    for r in root.rules:
        rule: dict[str, Value] = {
            "name": name_expr(r.name),
            "event_bus_name": Expr('local.platform["event_bus_name"]') if r.pattern else "default",
            "function_arn": Expr(f"module.fn_{r.function}.function_arn"),
            "function_name": Expr(f"module.fn_{r.function}.function_name"),
            "retry_attempts": r.retries, "max_event_age_seconds": r.max_age,
            "dead_letter_arn": Expr("module.failures.queue_arn")}
        if r.pattern:
            rule["event_pattern"] = json.dumps(r.pattern, sort_keys=True, separators=(",", ":"))
        else:
            rule["schedule_expression"] = r.schedule
        rules[r.id] = rule
    return [Block("module", ["rules"]).attr("source", f"{MODULES}/event_rule").add(Blank())
            .attr("rules", rules)]


def _streams(root: ServiceRoot) -> list[Block]:
    return [Block("module", [f"stream_{s.id}"]).attr("source", f"{MODULES}/stream_subscription")
            .add(Blank()).attr("function_name", Expr(f"module.fn_{s.function}.function_name"))
            .attr("stream_arn", _ref("table", s.table, "stream_arn"))
            .attr("batch_size", s.batch_size).attr("maximum_retry_attempts", s.retries)
            .attr("starting_position", s.starting_position)
            .attr("on_failure_destination_arn", Expr("module.failures.topic_arn"))
            for s in root.streams]


def _queues(root: ServiceRoot) -> list[Block]:
    blocks = []
    for q in root.queues:
        b = Block("module", [f"queue_{q.id}"]).attr("source", f"{MODULES}/work_queue").add(Blank())
        b.attr("queue_name", name_expr(q.name))
        if q.fifo:
            b.attr("fifo", True)
            if q.content_based_deduplication:
                b.attr("content_based_deduplication", True)
        visibility = sorted(set(q.visibility_timeout.values()))
        if len(visibility) == 1:
            b.attr("visibility_timeout_seconds", visibility[0])
        else:
            b.add(Comment("6x the consumer's timeout in each stage, plus the batching window."))
            b.attr("visibility_timeout_seconds", Expr(
                "{ " + ", ".join(f"{stage} = {v}" for stage, v in
                                 sorted(q.visibility_timeout.items())) + " }[var.stage]"))
        b.attr("message_retention_seconds", q.retention_seconds)
        b.attr("max_receive_count", q.max_receives)
        b.add(Blank()).attr("function_name", Expr(f"module.fn_{q.consumer}.function_name"))
        b.attr("batch_size", q.batch_size)
        if q.batching_window:
            b.attr("maximum_batching_window_in_seconds", q.batching_window)
        if q.max_concurrency is not None:
            b.attr("maximum_concurrency", q.max_concurrency)
        b.attr("alarm_topic_arn", Expr('local.platform["alerts_topic_arn"]'))
        blocks.append(b)
    return blocks


def _buckets(root: ServiceRoot) -> list[Block]:
    blocks = []
    for bk in root.buckets:
        b = Block("module", [f"bucket_{bk.id}"]).attr("source", f"{MODULES}/upload_bucket")
        b.add(Blank()).attr("bucket_name", name_expr(bk.name, account_suffix=True))
        origins = (Expr('[local.platform["site_url"]]') if "site_url" in root.platform_values
                   else Expr("var.cors_origins"))
        b.attr("cors_origins", origins)
        # Uploads of unprotected stages go with the stage; protected ones stop the destroy.
        b.attr("force_destroy", Expr("!local.protected"))
        if bk.expire_days:
            b.attr("expire_days", bk.expire_days)
        if bk.on_upload:
            b.attr("notification", {
                "function_arn": Expr(f"module.fn_{bk.on_upload}.function_arn"),
                "function_name": Expr(f"module.fn_{bk.on_upload}.function_name"),
                "prefix": bk.prefix})
        blocks.append(b)
    return blocks


def _storage_buckets(root: ServiceRoot) -> list[Block]:
    blocks = []
    for bk in root.storage_buckets:
        b = Block("module", [f"bucket_{bk.id}"]).attr("source", f"{MODULES}/storage_bucket")
        b.add(Blank()).attr("bucket_name", name_expr(bk.name, account_suffix=True))
        # Objects of unprotected stages go with the stage; protected ones stop the destroy.
        b.attr("force_destroy", Expr("!local.protected"))
        if not bk.versioning:
            b.attr("versioning", False)
        b.attr("noncurrent_version_expire_days", bk.noncurrent_expire_days)
        b.attr("abort_multipart_days", bk.abort_multipart_days)
        if bk.kms_key_arn:
            b.attr("kms_key_arn", bk.kms_key_arn)
        if bk.lifecycle:
            rules: list[Value] = []
            for rule in bk.lifecycle:
                item: dict[str, Value] = {"id": rule.id, "prefix": rule.prefix}
                if rule.transitions:
                    item["transitions"] = [{"storage_class": cls, "days": days}
                                           for cls, days in rule.transitions]
                if rule.expire_days is not None:
                    item["expire_days"] = rule.expire_days
                rules.append(item)
            b.attr("lifecycle_rules", rules)
        if bk.on_object:
            trigger = bk.on_object
            notification: dict[str, Value] = {
                "function_arn": Expr(f"module.fn_{trigger.function}.function_arn"),
                "function_name": Expr(f"module.fn_{trigger.function}.function_name"),
                "events": list(trigger.events)}
            notification.update({k: v for k, v in (("prefix", trigger.prefix),
                                                   ("suffix", trigger.suffix)) if v})
            b.attr("notification", notification)
        blocks.append(b)
    return blocks


def _workflows(root: ServiceRoot) -> list[Block]:
    return [Block("module", [f"workflow_{w.id}"]).attr("source", f"{MODULES}/state_machine")
            .add(Blank()).attr("name", name_expr(w.name))
            .attr("function_arns", [Expr(f"module.fn_{f}.function_arn") for f in w.functions])
            .attr("alarm_topic_arn", Expr('local.platform["alerts_topic_arn"]'))
            .attr("log_level", w.log_level)
            .attr("log_execution_data", w.log_execution_data)
            .attr("definition", Call("jsonencode", data_to_hcl(_norm(w.definition), RESOLVE)))
            for w in root.workflows]


def _websocket(root: ServiceRoot) -> list[Block]:
    if not root.websocket:
        return []
    routes = {r.route_key.lstrip("$"): {
        "route_key": r.route_key,
        "function_name": Expr(f"module.fn_{r.function}.function_name"),
        "invoke_arn": Expr(f"module.fn_{r.function}.invoke_arn")} for r in root.websocket}
    return [Block("module", ["websocket"]).attr("source", f"{MODULES}/websocket_routes")
            .add(Blank()).attr("api_id", Expr('local.platform["websocket_api_id"]'))
            .attr("execution_arn", Expr('local.platform["websocket_api_execution_arn"]'))
            .attr("stage_name", Expr("var.stage"))
            .attr("access_log_group_name",
                  Expr('"/aws/apigateway/${local.prefix}-' + root.service + '-websocket"'))
            .attr("log_retention_days", Expr("local.log_retention_days"))
            .add(Blank()).attr("routes", routes)]


def _dashboard(root: ServiceRoot) -> Block:
    widgets: list[Value] = []
    for i, fn in enumerate(root.functions):
        name = Expr(f"module.fn_{fn.id}.function_name")
        widgets.append({
            "type": "metric", "x": (i % 2) * 12, "y": (i // 2) * 6, "width": 12, "height": 6,
            "properties": {
                "title": fn.handler, "region": Expr(REGION),
                "stat": "Sum", "period": 300,
                "metrics": [["AWS/Lambda", metric, "FunctionName", name]
                            for metric in ("Invocations", "Errors", "Throttles")]}})
    return (Block("module", ["dashboard"]).attr("source", f"{MODULES}/dashboard").add(Blank())
            .attr("dashboard_name", Expr(f'"${{local.prefix}}-{root.service}"'))
            .attr("dashboard_body", Call("jsonencode", {"widgets": widgets})))


def emit_service_root(plan: BuildPlan, root: ServiceRoot) -> dict[str, str]:
    """The files of ``infra/services/<service>/`` as ``{relative path: text}``."""
    base = f"infra/services/{root.service}"
    main: list[Block | Comment | Blank] = [
        Block("data", ["aws_ssm_parameter", "platform"])
        .attr("for_each", Expr("toset(" + "[" + ", ".join(quote(k) for k in root.platform_values)
                               + "])"))
        .add(Blank()).attr("name", Expr('"/${var.app}/${var.stage}/platform/${each.key}"')),
        *caller_identity(), Block("data", ["aws_region", "current"]), _settings(plan, root),
    ]
    if root.needs_failures:
        main.append(Block("module", ["failures"]).attr("source", f"{MODULES}/failure_chain")
                    .add(Blank()).attr("topic_name", Expr('"${local.prefix}-' + root.service
                                                          + '-dead-letters"'))
                    .attr("queue_name", Expr('"${local.prefix}-' + root.service
                                             + '-dead-letters"'))
                    .attr("alarm_topic_arn", Expr('local.platform["alerts_topic_arn"]')))
    main += _tables(root)
    if root.secrets:
        main.append(Block("module", ["secrets"]).attr("source", f"{MODULES}/parameters")
                    .add(Blank(), Comment("Values are set out of band (aws ssm put-parameter "
                                          "--overwrite); never in this repository."))
                    .attr("secure", {Expr(f"(local.secret_paths[{quote(s)}])"): {"description": d}
                                     for s, d in root.secrets.items()}))
        main.append(Block("locals").attr("secret_paths", {
            s: Expr('"/${var.app}/${var.stage}/' + root.service + '/secrets/' + s + '"')
            for s in root.secrets}))
    if root.shared_secrets:
        main.append(Block("locals").add(
            Comment("Secrets the platform shares (created in infra/platform): a function"),
            Comment("that lists one may read exactly that parameter.")).attr("shared_secrets", {
            s: {"name": Expr('"/${var.app}/${var.stage}/platform/secrets/' + s + '"'),
                "arn": Expr(f'local.platform["{contract.shared_secret_key(s)}"]')}
            for s in root.shared_secrets}))
    main += [_function(fn, root, bool(plan.stage_environment)) for fn in root.functions]
    main += _routes(root) + _rules(root) + _streams(root) + _queues(root) + _buckets(root)
    main += _storage_buckets(root) + _workflows(root)
    main += _websocket(root)
    for kind, fn in sorted(root.auth_triggers.items()):
        main.append(Block("resource", ["aws_lambda_permission", f"cognito_{kind}"])
                    .attr("statement_id", "AllowCognito").attr("action", "lambda:InvokeFunction")
                    .attr("function_name", Expr(f"module.fn_{fn}.function_name"))
                    .attr("principal", "cognito-idp.amazonaws.com")
                    .attr("source_arn", Expr('local.platform["user_pool_arn"]')))
    main.append(_dashboard(root))
    variables = [
        Block("variable", ["app"]).attr("description", "Application name (blueprint `name`).")
        .attr("type", Expr("string")).attr("default", plan.app),
        *stage_variables(plan, "../../../dist"),
        Block("variable", ["cors_origins"]).attr("description", "Origins allowed to upload "
                                                 "from the browser when there is no frontend.")
        .attr("type", Expr("list(string)")).attr("default", []),
    ]
    outputs = [
        Block("output", ["function_names"]).attr("description", "Lambda function names by "
                                                 "handler.")
        .attr("value", {fn.handler: Expr(f"module.fn_{fn.id}.function_name")
                        for fn in root.functions}),
        Block("output", ["table_names"]).attr("description", "DynamoDB table names.")
        .attr("value", {t.id: Expr(f"module.table_{t.id}.table_name") for t in root.tables}),
    ]
    locals_extra = Block("locals").attr(
        "log_retention_days",
        Expr("max([for s in values(local.settings) : s.log_retention_days]...)")
        if root.functions else 30)
    return {
        f"{base}/versions.tf": tf_file(versions_block(plan, f"services/{root.service}")),
        f"{base}/providers.tf": tf_file(*provider_blocks(plan, root.service)),
        f"{base}/variables.tf": tf_file(*variables),
        f"{base}/main.tf": tf_file(*main, locals_extra),
        f"{base}/outputs.tf": tf_file(*outputs),
    }
