"""In-process extensions of moto 5.2.5 that the real AWS provider (5.100.0) needs.

Part of the emulator of ``scaffold dev`` (``scaffold.dev.emulator.start_emulator`` applies
them before the server starts; the end-to-end tests start the same server). Each patch:

* fills one gap measured with ``terraform apply`` / ``plan`` of the proof config
  (``tests/support/emulator_config``) against moto server, and says in one line which
  provider call needs it;
* is a no-op when moto already has the feature (a missing handler is only added when
  moto has none; a read-back only adds keys moto does not return);
* reaches into moto internals, so the module refuses any moto version other than
  :data:`MOTO_VERSION` (pinned by the ``dev`` and ``test`` extras of pyproject.toml).

``apply()`` is idempotent and returns ``{patch name: "applied" | "skipped: <why>"}``;
``describe()`` lists ``(patch name, provider call that needs it)``.

Not patched because nothing generated needs it: X-Ray sampling rules (scaffold enables
tracing on Lambda / API / Step Functions but creates no ``aws_xray_sampling_rule``).
"""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import json
import re
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

MOTO_VERSION = "5.2.5"

_applied: dict[str, str] = {}  # patch name -> outcome, filled as patches are applied
_lock = threading.Lock()
_PATCHES: list[tuple[str, str, Callable[[], str | None]]] = []  # (name, needed by, fn)


class MotoVersionError(RuntimeError):
    """The installed moto is not the version these patches were written for."""


_PatchFn = Callable[[], str | None]


def _patch(name: str, needed_by: str) -> Callable[[_PatchFn], _PatchFn]:
    """Register a patch; the function returns None when applied, or why it skipped."""

    def register(fn: _PatchFn) -> _PatchFn:
        _PATCHES.append((name, needed_by, fn))
        return fn

    return register


def check_moto_version(module: str, recheck: str) -> None:
    """Refuse any moto but :data:`MOTO_VERSION`: ``module`` reaches into its internals.

    Raises:
        MotoVersionError: Naming the version found, the one to install and the tests that
            re-check ``module`` against another release (``recheck``).
    """
    import moto

    if moto.__version__ != MOTO_VERSION:
        raise MotoVersionError(
            f"{module} was written for moto {MOTO_VERSION}, found moto {moto.__version__}. "
            f"It reaches into moto internals: pip install 'moto[server]=={MOTO_VERSION}' "
            f"(or 'scaffold-serverless[dev]'), or re-check it with {recheck} and update "
            "MOTO_VERSION.")


def _check_version() -> None:
    check_moto_version("scaffold/dev/moto_patches.py", "tests/e2e/test_emulator.py")


def apply() -> dict[str, str]:
    """Apply every patch once (thread-safe, idempotent); report what was done."""
    with _lock:
        _check_version()
        for name, _needed_by, fn in _PATCHES:
            if name not in _applied:  # never wrap twice, even after a failed earlier call
                skipped = fn()
                _applied[name] = "applied" if skipped is None else f"skipped: {skipped}"
        return dict(_applied)


def describe() -> list[tuple[str, str]]:
    """(patch name, provider call that needs it) for every registered patch."""
    return [(name, needed_by) for name, needed_by, _ in _PATCHES]


# --------------------------------------------------------------------------- helpers


def _has_own(cls: type, name: str) -> bool:
    return any(name in vars(klass) for klass in cls.__mro__ if klass is not object)


def _add_methods(cls: type, methods: dict[str, Callable[..., Any]]) -> str | None:
    """Add handler methods moto lacks; skip the whole patch if moto has any of them."""
    present = [name for name in methods if _has_own(cls, name)]
    if present:
        return f"moto already implements {', '.join(present)}"
    for name, fn in methods.items():
        fn.__name__ = name
        setattr(cls, name, fn)
    return None


def _replace(owner: type, name: str, value: Any) -> None:
    """Swap a moto class attribute for a wrapper (kept as a function for the linters)."""
    setattr(owner, name, value)


def _add_url_paths(modules: list[Any], paths: dict[str, Any]) -> None:
    for module in modules:
        for pattern, handler in paths.items():
            module.url_paths.setdefault(pattern, handler)


def _iso_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _random_id(length: int = 10, alphabet: str = "abcdefghijklmnopqrstuvwxyz0123456789") -> str:
    from moto.moto_api._internal import mock_random

    return "".join(mock_random.choice(alphabet) for _ in range(length))


def _json_body(response: Any) -> dict[str, Any]:
    return json.loads(response.body) if response.body else {}


# --------------------------------------------------------------------------- Step Functions


def _warm_asl_parser() -> None:
    """The ANTLR-based ASL parser takes seconds to import; do it off the request path."""
    with contextlib.suppress(Exception):  # the minimal shape check is the fallback
        from moto.stepfunctions.parser.asl.static_analyser import static_analyser  # noqa: F401


def _validate_asl(definition: str, sm_type: str) -> list[dict[str, str]]:
    """Diagnostics for an ASL definition (empty list = valid)."""
    analyser: Any = None
    try:
        if sm_type == "EXPRESS":
            from moto.stepfunctions.parser.asl.static_analyser.express_static_analyser import (
                ExpressStaticAnalyser,
            )

            analyser = ExpressStaticAnalyser()
        else:
            from moto.stepfunctions.parser.asl.static_analyser.static_analyser import (
                StaticAnalyser,
            )

            analyser = StaticAnalyser()
    except ImportError:
        analyser = None  # fall back to a shape check

    if analyser is not None:
        try:
            analyser.analyse(definition)
        except Exception as exc:  # noqa: BLE001 - every analyser failure is a diagnostic
            return [{"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED",
                     "message": f"{type(exc).__name__}: {exc}"[:1000]}]
        return []

    # Minimal shape check when moto's analyser is not importable.
    try:
        doc = json.loads(definition)
    except ValueError as exc:
        return [{"severity": "ERROR", "code": "INVALID_JSON_DESCRIPTION", "message": str(exc)}]
    if not isinstance(doc, dict) or not isinstance(doc.get("States"), dict) \
            or doc.get("StartAt") not in doc["States"]:
        return [{"severity": "ERROR", "code": "SCHEMA_VALIDATION_FAILED",
                 "message": "definition needs StartAt naming one of States"}]
    return []


@_patch("stepfunctions.ValidateStateMachineDefinition",
        "aws_sfn_state_machine: create/update call ValidateStateMachineDefinition first")
def _sfn_validate() -> str | None:
    from moto.core.responses import ActionResult
    from moto.stepfunctions.responses import StepFunctionResponse

    def validate_state_machine_definition(self: Any) -> Any:
        definition = self._get_param("definition")
        sm_type = self._get_param("type") or "STANDARD"
        diagnostics = _validate_asl(definition, sm_type)
        return ActionResult({"result": "FAIL" if diagnostics else "OK",
                             "diagnostics": diagnostics, "truncated": False})

    skipped = _add_methods(StepFunctionResponse,
                           {"validate_state_machine_definition": validate_state_machine_definition})
    if skipped is None:
        threading.Thread(target=_warm_asl_parser, name="warm-asl-parser", daemon=True).start()
    return skipped


@_patch("stepfunctions.ListStateMachineVersions",
        "aws_sfn_state_machine: every read calls ListStateMachineVersions")
def _sfn_list_versions() -> str | None:
    from moto.core.responses import ActionResult
    from moto.stepfunctions.responses import StepFunctionResponse

    def list_state_machine_versions(self: Any) -> Any:
        arn = self._get_param("stateMachineArn")
        machine = self.stepfunction_backend.describe_state_machine(arn)
        versions = sorted(getattr(machine, "versions", {}).values(),
                          key=lambda v: v.version, reverse=True)
        items = [{"stateMachineVersionArn": v.arn, "creationDate": v.creation_date}
                 for v in versions]
        return ActionResult({"stateMachineVersions": items})

    return _add_methods(StepFunctionResponse,
                        {"list_state_machine_versions": list_state_machine_versions})


# --------------------------------------------------------------------------- API Gateway v2

_APIGW_REGIONAL_ZONES = {
    # Route 53 hosted zone ids of the regional API Gateway endpoints (alias targets).
    "us-east-1": "Z1UJRXOUMOOFQ8", "us-east-2": "ZOJJZC49E0EPZ", "us-west-1": "Z2MUQ32089INYE",
    "us-west-2": "Z2OJLYMUO9EFXC", "eu-west-1": "ZLY8HYME6SFDD", "eu-west-2": "ZJ5UAJN8Y3Z2Q",
    "eu-west-3": "Z3KY65QIEKYHQQ", "eu-central-1": "Z1U9ULNL0V5AJ3",
    "eu-north-1": "Z3UWIKFBOOGXPP", "ap-northeast-1": "Z1YSHQZHG15GKL",
    "ap-southeast-1": "ZL327KTPIQFUL", "ap-southeast-2": "Z2RPCDW04V8134",
    "ca-central-1": "Z19DQILCV0OWEC", "sa-east-1": "ZCMLWB8V5SYIT",
}

_STAGE_FIELDS = {
    # UpdateStage body key -> moto Stage attribute
    "accessLogSettings": "access_log_settings",
    "autoDeploy": "auto_deploy",
    "clientCertificateId": "client_certificate_id",
    "defaultRouteSettings": "default_route_settings",
    "description": "description",
    "routeSettings": "route_settings",
    "stageVariables": "stage_variables",
}


def _apigw_path_part(self: Any, after: str) -> str:
    """The URL path segment following ``after`` (e.g. the api id after 'apis')."""
    from urllib.parse import unquote

    parts = self.path.split("/")
    return unquote(parts[parts.index(after) + 1])


def _deployments(api: Any) -> dict[str, dict[str, Any]]:
    store = getattr(api, "_scaffold_deployments", None)
    if store is None:
        store = api._scaffold_deployments = {}
    return store


@_patch("apigatewayv2.Deployments",
        "aws_apigatewayv2_deployment: Create/Get/GetAll/Update/DeleteDeployment")
def _apigw_deployments() -> str | None:
    from moto.apigateway import urls as v1_urls
    from moto.apigatewayv2 import urls as v2_urls
    from moto.apigatewayv2.exceptions import APIGatewayV2Error, BadRequestException
    from moto.apigatewayv2.responses import ApiGatewayV2Response

    class DeploymentNotFound(APIGatewayV2Error):
        code = 404

        def __init__(self, deployment_id: str) -> None:
            super().__init__("NotFoundException",
                             f"Invalid Deployment identifier specified {deployment_id}")

    def _api(self: Any) -> Any:
        return self.apigatewayv2_backend.get_api(_apigw_path_part(self, "apis"))

    def _find(self: Any) -> tuple[Any, dict[str, Any]]:
        api = _api(self)
        deployment_id = _apigw_path_part(self, "deployments")
        found = _deployments(api).get(deployment_id)
        if found is None:
            raise DeploymentNotFound(deployment_id)
        return api, found

    def create_deployment(self: Any) -> Any:
        api = _api(self)
        params = _json_body(self)
        deployment: dict[str, Any] = {
            "deploymentId": _random_id(6),
            "deploymentStatus": "DEPLOYED",
            "createdDate": _iso_now(),
            "autoDeployed": False,
        }
        if params.get("description"):
            deployment["description"] = params["description"]
        stage_name = params.get("stageName")
        if stage_name:
            stage = api.get_stage(stage_name)
            stage._scaffold_deployment_id = deployment["deploymentId"]
        _deployments(api)[deployment["deploymentId"]] = deployment
        return 201, {}, json.dumps(deployment)

    def get_deployment(self: Any) -> Any:
        _, deployment = _find(self)
        return 200, {}, json.dumps(deployment)

    def get_deployments(self: Any) -> Any:
        return 200, {}, json.dumps({"items": list(_deployments(_api(self)).values())})

    def update_deployment(self: Any) -> Any:
        _, deployment = _find(self)
        params = _json_body(self)
        if "description" in params:
            deployment["description"] = params["description"]
        return 200, {}, json.dumps(deployment)

    def delete_deployment(self: Any) -> Any:
        api, deployment = _find(self)
        users = [s.name for s in api.stages.values()
                 if _stage_deployment_id(s) == deployment["deploymentId"]]
        if users:
            raise BadRequestException(
                "Active stages pointing to this deployment must be moved or deleted: "
                + ", ".join(users))
        del _deployments(api)[deployment["deploymentId"]]
        return 204, {}, ""

    skipped = _add_methods(ApiGatewayV2Response, {
        "create_deployment": create_deployment,
        "get_deployment": get_deployment,
        "get_deployments": get_deployments,
        "update_deployment": update_deployment,
        "delete_deployment": delete_deployment,
    })
    if skipped is None:
        dispatch = ApiGatewayV2Response.dispatch
        _add_url_paths([v2_urls, v1_urls], {
            "{0}/v2/apis/(?P<api_id>[^/]+)/deployments$": dispatch,
            "{0}/v2/apis/(?P<api_id>[^/]+)/deployments/(?P<deployment_id>[^/]+)$": dispatch,
        })
    return skipped


def _stage_deployment_id(stage: Any) -> str | None:
    found = getattr(stage, "_scaffold_deployment_id", None) or stage.config.get("deploymentId")
    return str(found) if found else None


@_patch("apigatewayv2.UpdateStage",
        "aws_apigatewayv2_stage: any in-place update calls UpdateStage")
def _apigw_update_stage() -> str | None:
    from moto.apigatewayv2.responses import ApiGatewayV2Response

    def update_stage(self: Any) -> Any:
        api = self.apigatewayv2_backend.get_api(_apigw_path_part(self, "apis"))
        stage = api.get_stage(_apigw_path_part(self, "stages"))
        params = _json_body(self)
        for key, attr in _STAGE_FIELDS.items():
            if key in params:
                setattr(stage, attr, params[key])
        if "deploymentId" in params:
            if params["deploymentId"] not in _deployments(api):
                from moto.apigatewayv2.exceptions import BadRequestException

                raise BadRequestException(f"Invalid deployment id {params['deploymentId']}")
            stage._scaffold_deployment_id = params["deploymentId"]
        stage.updated = datetime.now()
        return 200, {}, json.dumps(stage.to_json())

    return _add_methods(ApiGatewayV2Response, {"update_stage": update_stage})


@_patch("apigatewayv2.Stage.deploymentId",
        "aws_apigatewayv2_stage: read-back of deployment_id (GetStage)")
def _apigw_stage_deployment_id() -> str | None:
    from moto.apigatewayv2.models import Stage

    original = Stage.to_json

    @functools.wraps(original)
    def to_json(self: Any) -> dict[str, Any]:
        out = original(self)
        deployment_id = _stage_deployment_id(self)
        if deployment_id and "deploymentId" not in out:
            out["deploymentId"] = deployment_id
        return out

    _replace(Stage, "to_json", to_json)
    return None


@_patch("apigatewayv2.DomainName.status",
        "aws_apigatewayv2_domain_name: create waits for domainNameStatus=AVAILABLE, reads "
        "target_domain_name/hosted_zone_id; an empty mutualTlsAuthentication never converges")
def _apigw_domain_name() -> str | None:
    from moto.apigatewayv2.models import DomainName

    original_init = DomainName.__init__
    original_to_json = DomainName.to_json

    @functools.wraps(original_init)
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        backend = kwargs.get("backend") or args[-1]
        region = backend.region_name
        digest = hashlib.sha256(self.domain_name.encode()).hexdigest()[:10]
        for config in self.domain_name_configurations or []:
            endpoint_type = config.setdefault("endpointType", "REGIONAL")
            config.setdefault("securityPolicy", "TLS_1_2")
            config.setdefault("domainNameStatus", "AVAILABLE")
            config.setdefault("apiGatewayDomainName",
                              f"d-{digest}.execute-api.{region}.amazonaws.com"
                              if endpoint_type == "REGIONAL" else f"d{digest}.cloudfront.net")
            config.setdefault("hostedZoneId", _APIGW_REGIONAL_ZONES.get(region, "Z2FDTNDATAQYW2")
                              if endpoint_type == "REGIONAL" else "Z2FDTNDATAQYW2")

    @functools.wraps(original_to_json)
    def to_json(self: Any) -> dict[str, Any]:
        out = original_to_json(self)
        if not out.get("mutualTlsAuthentication"):
            out.pop("mutualTlsAuthentication", None)
        return out

    _replace(DomainName, "__init__", __init__)
    _replace(DomainName, "to_json", to_json)
    return None


# --------------------------------------------------------------------------- Lambda


_LAMBDA_EXTRA_FIELDS = ("DeadLetterConfig", "LoggingConfig")


def _default_logging_config(fn: Any, given: dict[str, Any] | None) -> dict[str, Any]:
    config = {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{fn.function_name}"}
    config.update(given or {})
    if config["LogFormat"] == "JSON":
        config.setdefault("ApplicationLogLevel", "INFO")
        config.setdefault("SystemLogLevel", "INFO")
    else:  # log levels only exist for the JSON format
        config.pop("ApplicationLogLevel", None)
        config.pop("SystemLogLevel", None)
    return config


@_patch("lambda.DeadLetterConfig+LoggingConfig",
        "aws_lambda_function: read-back of dead_letter_config/logging_config "
        "(GetFunction) and UpdateFunctionConfiguration honouring DLQ/logging/tracing")
def _lambda_config() -> str | None:
    from moto.awslambda.models import LambdaFunction

    original_init = LambdaFunction.__init__
    original_get = LambdaFunction.get_configuration
    original_update = LambdaFunction.update_configuration

    @functools.wraps(original_init)
    def __init__(self: Any, account_id: str, spec: dict[str, Any], *args: Any, **kw: Any) -> None:
        original_init(self, account_id, spec, *args, **kw)
        self._scaffold_dead_letter_config = spec.get("DeadLetterConfig") or {}
        self._scaffold_logging_config = _default_logging_config(self, spec.get("LoggingConfig"))

    @functools.wraps(original_get)
    def get_configuration(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        out = original_get(self, *args, **kwargs)
        dlq = getattr(self, "_scaffold_dead_letter_config", None)
        if dlq and dlq.get("TargetArn") and "DeadLetterConfig" not in out:
            out["DeadLetterConfig"] = dict(dlq)
        logging_config = getattr(self, "_scaffold_logging_config", None)
        if logging_config and "LoggingConfig" not in out:
            out["LoggingConfig"] = dict(logging_config)
        return out

    @functools.wraps(original_update)
    def update_configuration(self: Any, config_updates: dict[str, Any]) -> dict[str, Any]:
        if "DeadLetterConfig" in config_updates:
            self._scaffold_dead_letter_config = config_updates["DeadLetterConfig"] or {}
        if "LoggingConfig" in config_updates:
            merged = dict(getattr(self, "_scaffold_logging_config", None) or {})
            merged.update(config_updates["LoggingConfig"] or {})
            self._scaffold_logging_config = _default_logging_config(self, merged)
        if "TracingConfig" in config_updates:
            self.tracing_config = config_updates["TracingConfig"] or {"Mode": "PassThrough"}
        return original_update(self, config_updates)

    _replace(LambdaFunction, "__init__", __init__)
    _replace(LambdaFunction, "get_configuration", get_configuration)
    _replace(LambdaFunction, "update_configuration", update_configuration)
    return None


@_patch("lambda.ProvisionedConcurrencyConfig",
        "aws_lambda_provisioned_concurrency_config: Put/Get/DeleteProvisionedConcurrencyConfig")
def _lambda_provisioned_concurrency() -> str | None:
    """Keep the config of a qualifier (an alias or a version, never $LATEST, as AWS requires)
    and answer READY at once: moto runs no instances, so they are allocated when asked."""
    from moto.awslambda import urls as lambda_urls
    from moto.awslambda.exceptions import InvalidParameterValueException, LambdaClientError
    from moto.awslambda.responses import LambdaResponse

    class ConfigNotFound(LambdaClientError):
        code = 404

        def __init__(self) -> None:
            super().__init__("ProvisionedConcurrencyConfigNotFoundException",
                             "No Provisioned Concurrency Config found for this function")

    def _target(self: Any) -> tuple[dict[tuple[str, str], dict[str, Any]], tuple[str, str]]:
        name = unquote(self.path.split("/functions/", 1)[1].split("/", 1)[0])
        qualifier = self.querystring.get("Qualifier", [""])[0]
        if not qualifier or qualifier == "$LATEST":
            raise InvalidParameterValueException(
                "Provisioned Concurrency Configs cannot be applied to unpublished function "
                "versions.")
        fn = self.backend.get_function(name, qualifier)  # 404 for an unknown alias/version
        store = vars(self.backend).setdefault("_scaffold_provisioned", {})
        return store, (fn.function_name, qualifier)

    def put_provisioned_concurrency_config(self: Any) -> Any:
        store, key = _target(self)
        wanted = int(_json_body(self)["ProvisionedConcurrentExecutions"])
        if wanted < 1:
            raise InvalidParameterValueException(
                "ProvisionedConcurrentExecutions must be at least 1")
        store[key] = {"RequestedProvisionedConcurrentExecutions": wanted,
                      "AvailableProvisionedConcurrentExecutions": wanted,
                      "AllocatedProvisionedConcurrentExecutions": wanted,
                      "Status": "READY", "LastModified": _iso_now()}
        return 202, {}, json.dumps(store[key])

    def get_provisioned_concurrency_config(self: Any) -> Any:
        store, key = _target(self)
        if key not in store:
            raise ConfigNotFound()
        return 200, {}, json.dumps(store[key])

    def delete_provisioned_concurrency_config(self: Any) -> Any:
        store, key = _target(self)
        store.pop(key, None)
        return 204, {}, ""

    skipped = _add_methods(LambdaResponse, {
        "put_provisioned_concurrency_config": put_provisioned_concurrency_config,
        "get_provisioned_concurrency_config": get_provisioned_concurrency_config,
        "delete_provisioned_concurrency_config": delete_provisioned_concurrency_config,
    })
    if skipped is None:
        _add_url_paths([lambda_urls], {
            r"{0}/(?P<api_version>[^/]+)/functions/(?P<function_name>[\w_:%-]+)"
            r"/provisioned-concurrency/?$": LambdaResponse.dispatch,
        })
    return skipped


# --------------------------------------------------------------------------- CloudFront


@_patch("cloudfront.Origin.OriginAccessControlId",
        "aws_cloudfront_distribution: read-back of origin.origin_access_control_id")
def _cloudfront_oac_id() -> str | None:
    from moto.cloudfront.models import Origin

    original = Origin.__init__

    @functools.wraps(original)
    def __init__(self: Any, origin: dict[str, Any]) -> None:
        original(self, origin)
        if not getattr(self, "origin_access_control_id", None):
            self.origin_access_control_id = origin.get("OriginAccessControlId") or ""

    _replace(Origin, "__init__", __init__)
    return None


@_patch("cloudfront.CacheBehavior.read_back",
        "aws_cloudfront_distribution: behaviours read back lambda_function_association "
        "(Lambda@Edge) and, with cache_policy_id, no invented forwarded_values")
def _cloudfront_cache_behavior() -> str | None:
    from moto.cloudfront.models import DefaultCacheBehaviour

    original = DefaultCacheBehaviour.__init__

    @functools.wraps(original)
    def __init__(self: Any, config: dict[str, Any]) -> None:
        original(self, config)
        if config.get("CachePolicyId") and "ForwardedValues" not in config:
            self.forwarded_values = None
        for key, attr in (("LambdaFunctionAssociations", "lambda_function_associations"),
                          ("FunctionAssociations", "function_associations")):
            given = config.get(key) or {}
            if given.get("Items") and not (getattr(self, attr, None) or {}).get("Items"):
                setattr(self, attr, {"Quantity": len(given["Items"]), "Items": given["Items"]})

    _replace(DefaultCacheBehaviour, "__init__", __init__)  # CacheBehaviour inherits it
    return None


@_patch("cloudfront.ViewerCertificate",
        "aws_cloudfront_distribution: read-back of viewer_certificate with an ACM/IAM cert")
def _cloudfront_viewer_certificate() -> str | None:
    from moto.cloudfront.models import ViewerCertificate

    original = ViewerCertificate.__init__

    @functools.wraps(original)
    def __init__(self: Any, config: dict[str, Any]) -> None:
        original(self, config)
        if "CloudFrontDefaultCertificate" not in config:
            if config.get("ACMCertificateArn"):
                self.cloud_front_default_certificate = False
                self.certificate_source = "acm"
                self.certificate = config["ACMCertificateArn"]
            elif config.get("IAMCertificateId"):
                self.cloud_front_default_certificate = False
                self.certificate_source = "iam"
                self.certificate = config["IAMCertificateId"]

    _replace(ViewerCertificate, "__init__", __init__)
    return None


def _cloudfront_policy_api(kind: str, check: Callable[[dict[str, Any]], None] | None = None,
                           ) -> str | None:
    """Create/Get/GetConfig/Update/Delete/List for one CloudFront policy kind (moto has none).

    ``kind`` is the API's noun, e.g. ``CachePolicy``: it names the handlers
    (``create_cache_policy``, ``list_cache_policies``), the body keys (``CachePolicyConfig``,
    ``CachePolicyList``), the errors (``NoSuchCachePolicy``, ``CachePolicyAlreadyExists``)
    and the URL (``/2020-05-31/cache-policy``). Updates and deletes need the current ETag in
    If-Match, as on AWS. ``check`` may refuse a config (create and update) the way AWS does.
    """
    from moto.cloudfront import urls as cf_urls
    from moto.cloudfront.exceptions import CloudFrontException
    from moto.cloudfront.responses import CloudFrontResponse
    from moto.core.responses import ActionResult, EmptyResult

    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", kind).lower()  # cache_policy
    plural = snake.removesuffix("_policy") + "_policies"  # cache_policies
    url = snake.replace("_", "-")  # cache-policy
    config_key, store_attr = f"{kind}Config", f"_scaffold_{plural}"

    def _error(code: str, message: str) -> CloudFrontException:
        return CloudFrontException(code, message)

    def _store(self: Any) -> dict[str, dict[str, Any]]:
        backend = self.backend
        store = getattr(backend, store_attr, None)
        if store is None:
            store = {}
            setattr(backend, store_attr, store)
        return store

    def _get(self: Any) -> dict[str, Any]:
        policy = _store(self).get(self._get_param("Id"))
        if policy is None:
            raise _error(f"NoSuch{kind}", f"The {url.replace('-', ' ')} does not exist.")
        return policy

    def _check_if_match(self: Any, policy: dict[str, Any]) -> None:
        if self._get_param("IfMatch") != policy["ETag"]:
            raise _error("PreconditionFailed",
                         "The If-Match version is missing or not valid for the resource.")

    def _config(self: Any) -> dict[str, Any]:
        config: dict[str, Any] = self._get_param(config_key, {})
        if check is not None:
            check(config)
        return config

    def _view(policy: dict[str, Any]) -> dict[str, Any]:
        return {"Id": policy["Id"], "LastModifiedTime": policy["LastModifiedTime"],
                config_key: policy["Config"]}

    def _answer(policy: dict[str, Any], **extra: str) -> Any:
        return ActionResult({kind: _view(policy), "ETag": policy["ETag"], **extra})

    def create(self: Any) -> Any:
        config = _config(self)
        if any(p["Config"].get("Name") == config.get("Name") for p in _store(self).values()):
            raise _error(f"{kind}AlreadyExists",
                         f"A {url.replace('-', ' ')} with this name already exists.")
        policy_id = str(uuid.uuid4())
        policy = {"Id": policy_id, "Config": config, "ETag": _random_id(14).upper(),
                  "LastModifiedTime": datetime.now(UTC)}
        _store(self)[policy_id] = policy
        return _answer(policy, Location=f"https://cloudfront.amazonaws.com/2020-05-31/{url}/"
                                        + policy_id)

    def get(self: Any) -> Any:
        return _answer(_get(self))

    def get_config(self: Any) -> Any:
        policy = _get(self)
        return ActionResult({config_key: policy["Config"], "ETag": policy["ETag"]})

    def update(self: Any) -> Any:
        policy = _get(self)
        _check_if_match(self, policy)
        policy["Config"] = _config(self)
        policy["ETag"] = _random_id(14).upper()
        policy["LastModifiedTime"] = datetime.now(UTC)
        return _answer(policy)

    def delete(self: Any) -> Any:
        policy = _get(self)
        _check_if_match(self, policy)
        del _store(self)[policy["Id"]]
        return EmptyResult()

    def list_all(self: Any) -> Any:
        items = [{"Type": "custom", kind: _view(p)} for p in _store(self).values()]
        return ActionResult({f"{kind}List": {
            "MaxItems": 100, "Quantity": len(items), "Items": items or None}})

    skipped = _add_methods(CloudFrontResponse, {
        f"create_{snake}": create,
        f"get_{snake}": get,
        f"get_{snake}_config": get_config,
        f"update_{snake}": update,
        f"delete_{snake}": delete,
        f"list_{plural}": list_all,
    })
    if skipped is None:
        dispatch = CloudFrontResponse.dispatch
        _add_url_paths([cf_urls], {
            f"{{0}}/2020-05-31/{url}$": dispatch,
            f"{{0}}/2020-05-31/{url}/(?P<policy_id>[^/]+)$": dispatch,
            f"{{0}}/2020-05-31/{url}/(?P<policy_id>[^/]+)/config$": dispatch,
        })
    return skipped


@_patch("cloudfront.ResponseHeadersPolicy",
        "aws_cloudfront_response_headers_policy: Create/Get/Update/DeleteResponseHeadersPolicy")
def _cloudfront_response_headers_policy() -> str | None:
    """moto 5.2.5 has no response headers policy API (static_site's security headers)."""
    return _cloudfront_policy_api("ResponseHeadersPolicy")


@_patch("cloudfront.CachePolicy",
        "aws_cloudfront_cache_policy (static_site with ssr): Create/Get/Update/DeleteCachePolicy")
def _cloudfront_cache_policy() -> str | None:
    """moto 5.2.5 has no cache policy API: static_site creates one for SSR pages."""
    return _cloudfront_policy_api("CachePolicy")


def _refuse_authorization(config: dict[str, Any]) -> None:
    """AWS refuses (HTTP 400) an origin request policy listing Authorization: cache policy only."""
    from moto.cloudfront.exceptions import CloudFrontException

    headers = ((config.get("HeadersConfig") or {}).get("Headers") or {}).get("Items") or []
    if any(str(h).lower() == "authorization" for h in headers):
        raise CloudFrontException(
            "InvalidArgument",
            "The parameter Headers contains Authorization that is not allowed.")


@_patch("cloudfront.OriginRequestPolicy",
        "aws_cloudfront_origin_request_policy (static_site with ssr): "
        "Create/Get/Update/DeleteOriginRequestPolicy, refusing Authorization as AWS does")
def _cloudfront_origin_request_policy() -> str | None:
    """moto 5.2.5 has no origin request policy API: static_site creates one for SSR pages."""
    return _cloudfront_policy_api("OriginRequestPolicy", _refuse_authorization)


# --------------------------------------------------------------------------- IAM / S3 policies


@_patch("iam.PolicyStatement.conditional_deny",
        "aws_s3_object, bucket force_destroy, presigned PUT: a Deny whose Condition moto cannot "
        "evaluate (DenyInsecureTransport) was applied unconditionally: 403 on every object call")
def _policy_conditional_deny() -> str | None:
    from moto.iam.access_control import IAMPolicyStatement, PermissionResult
    from moto.iam.policy_conditions import CONDITION_OPERATIONS

    probe = {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
    if IAMPolicyStatement(probe).is_action_permitted("s3:GetObject", "arn:aws:s3:::b/k") \
            != PermissionResult.DENIED:
        return "moto already skips Deny statements whose condition it cannot confirm"

    original = IAMPolicyStatement.is_action_permitted

    def _condition_holds(conditions: dict[str, dict[str, Any]],
                         incoming: dict[str, str] | None) -> bool:
        """True only when moto can evaluate every condition and each one holds."""
        for operator, entries in conditions.items():
            verify = CONDITION_OPERATIONS.get(operator)
            for key, expected in entries.items():
                if verify is None or not incoming or key not in incoming:
                    return False  # moto cannot tell: the Deny is not proven to apply
                if not verify(expected, incoming[key]):
                    return False
        return True

    @functools.wraps(original)
    def is_action_permitted(self: Any, action: str, resource: str = "*",
                            principal: str | None = None,
                            incoming_condition_values: dict[str, str] | None = None) -> Any:
        statement = self._statement
        if statement.get("Effect") == "Deny" and statement.get("Condition") and \
                not _condition_holds(statement["Condition"], incoming_condition_values):
            return PermissionResult.NEUTRAL  # this Deny does not apply to the request
        return original(self, action, resource, principal, incoming_condition_values)

    _replace(IAMPolicyStatement, "is_action_permitted", is_action_permitted)
    return None


# --------------------------------------------------------------------------- SQS


@_patch("sqs.RedrivePolicy.compact",
        "aws_sqs_queue: redrive_policy read-back (GetQueueAttributes) as compact JSON")
def _sqs_redrive_policy() -> str | None:
    from moto.sqs.models import Queue

    original = Queue.attributes

    def attributes(self: Any) -> dict[str, Any]:
        result: dict[str, Any] = original.fget(self)  # type: ignore[attr-defined]
        raw = result.get("RedrivePolicy")
        if isinstance(raw, str):
            with contextlib.suppress(ValueError):
                result["RedrivePolicy"] = json.dumps(json.loads(raw), separators=(",", ":"))
        return result

    _replace(Queue, "attributes", property(attributes))
    return None


@_patch("sqs.SetQueueAttributes.keeps_policy",
        "aws_sqs_queue: an in-place update (SetQueueAttributes without Policy) must not "
        "drop the inline policy")
def _sqs_keep_policy() -> str | None:
    from moto.sqs.models import SQSBackend

    original = SQSBackend.set_queue_attributes

    @functools.wraps(original)
    def set_queue_attributes(self: Any, queue_name: str, attributes: dict[str, Any]) -> Any:
        if "Policy" not in attributes:
            current = self.get_queue(queue_name).policy
            if current:
                attributes = {**attributes, "Policy": current}
        return original(self, queue_name, attributes)

    _replace(SQSBackend, "set_queue_attributes", set_queue_attributes)
    return None


# --------------------------------------------------------------------------- EventBridge


_EVENTS_NATIVE = ("logs", "events", "sqs")  # target services moto 5.2.5 delivers to itself


@_patch("events.PutEvents.targets",
        "PutEvents (handler tests): a rule targeting a Lambda made moto answer HTTP 500; "
        "deliver to SQS/SNS/Step Functions, skip Lambda (no code runs without Docker)")
def _events_targets() -> str | None:
    import inspect

    from moto.events.models import Rule
    from moto.events.utils import EventTemplateParser

    original = Rule.send_to_targets
    source = inspect.getsource(original)
    if 'arn.service == "lambda"' in source or 'arn.service == "sns"' in source:
        return "moto already delivers to Lambda/SNS targets"

    @functools.wraps(original)
    def send_to_targets(self: Any, original_event: Any, transform_input: bool = True) -> None:
        from moto.utilities.arns import parse_arn

        if not self.event_pattern.matches_event(original_event):
            return
        native: list[dict[str, Any]] = []
        extra: list[dict[str, Any]] = []
        for target in self.targets:
            (native if parse_arn(target["Arn"]).service in _EVENTS_NATIVE else extra).append(target)
        if native:
            clone = copy.copy(self)
            clone.targets = native
            original(clone, original_event, transform_input)
        for target in extra:
            arn = parse_arn(target["Arn"])
            if transform_input:
                transformer = target.get("InputTransformer", {})
                event = EventTemplateParser.parse(
                    input_template=transformer.get("InputTemplate"),
                    input_paths_map=transformer.get("InputPathsMap", {}),
                    event=original_event,
                )
            else:
                event = copy.copy(original_event)
            body = event if isinstance(event, str) else json.dumps(event, default=str)
            if arn.service == "sns":
                from moto.sns.models import sns_backends

                sns_backends[arn.account][arn.region].publish(body, arn=target["Arn"])
            elif arn.service == "states":
                from moto.stepfunctions.models import stepfunctions_backends

                stepfunctions_backends[arn.account][arn.region].start_execution(
                    target["Arn"], name="", execution_input=body)
            # Lambda (and anything else): accepted, not run - moto runs no code without Docker.

    _replace(Rule, "send_to_targets", send_to_targets)
    return None
