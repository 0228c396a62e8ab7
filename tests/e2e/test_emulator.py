"""Prove the emulator: the real AWS provider applies, converges, updates and destroys
one resource of every type scaffold generates, against patched moto server.

The config is hand-written (tests/support/emulator_config/main.tf). When it fails, fix
the emulator in tests/support/moto_patches.py - never drop the resource.
"""

from __future__ import annotations

import json
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from tests.support import moto_patches
from tests.support.moto_server import write_provider_override
from tests.support.terraform import run_terraform, terraform_env

pytestmark = [pytest.mark.e2e]

CONFIG_DIR = Path(__file__).resolve().parents[1] / "support" / "emulator_config"
TF_TIMEOUT = 1800  # seconds per command; the provider's own waiters dominate
PARALLELISM = "-parallelism=20"

HANDLER = '''import json


def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"ok": True})}
'''


def write_handler_zip(path: Path) -> Path:
    """A small, reproducible Lambda zip (fixed timestamp, one entry)."""
    info = zipfile.ZipInfo("handler.py", date_time=(1980, 1, 1, 0, 0, 0))
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(info, HANDLER)
    return path


def _tail(text: str, lines: int = 120) -> str:
    return "\n".join(text.splitlines()[-lines:])


def test_patches_apply_cleanly(moto_endpoint: str) -> None:
    report = moto_patches.apply()
    assert set(report) == {name for name, _ in moto_patches.describe()}
    assert all(state == "applied" for state in report.values()), report


def test_patches_refuse_other_moto_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    import moto

    monkeypatch.setattr(moto, "__version__", "9.9.9")
    with pytest.raises(moto_patches.MotoVersionError, match="written for moto 5.2.5"):
        moto_patches.apply()


def test_patched_calls_answer(moto_endpoint: str) -> None:
    """Fast smoke test of the patched calls, without Terraform."""
    boto3 = pytest.importorskip("boto3")
    kw = {"endpoint_url": moto_endpoint, "region_name": "eu-west-1",
          "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}

    sfn = boto3.client("stepfunctions", **kw)
    good = json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}})
    assert sfn.validate_state_machine_definition(definition=good)["result"] == "OK"
    bad = sfn.validate_state_machine_definition(definition='{"StartAt": "B"}')
    assert bad["result"] == "FAIL" and bad["diagnostics"]
    arn = sfn.create_state_machine(name="emulator-smoke", definition=good,
                                   roleArn="arn:aws:iam::123456789012:role/x")["stateMachineArn"]
    try:
        assert sfn.list_state_machine_versions(stateMachineArn=arn)["stateMachineVersions"] == []
    finally:
        sfn.delete_state_machine(stateMachineArn=arn)

    apigw = boto3.client("apigatewayv2", **kw)
    api_id = apigw.create_api(Name="emulator-smoke", ProtocolType="WEBSOCKET",
                              RouteSelectionExpression="$request.body.action")["ApiId"]
    try:
        apigw.create_stage(ApiId=api_id, StageName="live")
        dep = apigw.create_deployment(ApiId=api_id, StageName="live")["DeploymentId"]
        assert apigw.get_stage(ApiId=api_id, StageName="live")["DeploymentId"] == dep
        assert [d["DeploymentId"] for d in apigw.get_deployments(ApiId=api_id)["Items"]] == [dep]
        apigw.update_stage(ApiId=api_id, StageName="live", Description="updated")
        assert apigw.get_stage(ApiId=api_id, StageName="live")["Description"] == "updated"
        with pytest.raises(apigw.exceptions.BadRequestException):
            apigw.delete_deployment(ApiId=api_id, DeploymentId=dep)  # still used by the stage
        apigw.delete_stage(ApiId=api_id, StageName="live")
        apigw.delete_deployment(ApiId=api_id, DeploymentId=dep)
        assert apigw.get_deployments(ApiId=api_id)["Items"] == []
    finally:
        apigw.delete_api(ApiId=api_id)

    # PutEvents with a rule targeting a Lambda: no HTTP 500; SQS and SNS targets delivered.
    events, sqs, sns = (boto3.client(s, **kw) for s in ("events", "sqs", "sns"))
    queue_url = sqs.create_queue(QueueName="emulator-smoke")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"]["QueueArn"]
    topic_arn = sns.create_topic(Name="emulator-smoke")["TopicArn"]
    topic_queue_url = sqs.create_queue(QueueName="emulator-smoke-topic")["QueueUrl"]
    topic_queue_arn = sqs.get_queue_attributes(
        QueueUrl=topic_queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    sub_arn = sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=topic_queue_arn,
                            Attributes={"RawMessageDelivery": "true"})["SubscriptionArn"]
    machine_arn = sfn.create_state_machine(
        name="emulator-smoke-target", definition=good,
        roleArn="arn:aws:iam::123456789012:role/x")["stateMachineArn"]
    events.create_event_bus(Name="emulator-smoke")
    try:
        events.put_rule(Name="smoke", EventBusName="emulator-smoke",
                        EventPattern=json.dumps({"source": ["smoke"]}))
        events.put_targets(Rule="smoke", EventBusName="emulator-smoke", Targets=[
            {"Id": "fn", "Arn": "arn:aws:lambda:eu-west-1:123456789012:function:nowhere"},
            {"Id": "queue", "Arn": queue_arn},
            {"Id": "topic", "Arn": topic_arn},
            {"Id": "flow", "Arn": machine_arn,
             "RoleArn": "arn:aws:iam::123456789012:role/x"},
        ])
        result = events.put_events(Entries=[{"Source": "smoke", "DetailType": "Ping",
                                              "Detail": "{}", "EventBusName": "emulator-smoke"}])
        assert result["FailedEntryCount"] == 0
        for url in (queue_url, topic_queue_url):
            body = json.loads(sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"])
            assert body["source"] == "smoke" and body["detail-type"] == "Ping"
        assert len(sfn.list_executions(stateMachineArn=machine_arn)["executions"]) == 1
    finally:
        events.remove_targets(Rule="smoke", EventBusName="emulator-smoke",
                              Ids=["fn", "queue", "topic", "flow"])
        events.delete_rule(Name="smoke", EventBusName="emulator-smoke")
        events.delete_event_bus(Name="emulator-smoke")
        sns.unsubscribe(SubscriptionArn=sub_arn)
        sns.delete_topic(TopicArn=topic_arn)
        sqs.delete_queue(QueueUrl=queue_url)
        sqs.delete_queue(QueueUrl=topic_queue_url)
        sfn.delete_state_machine(stateMachineArn=machine_arn)

def test_cloudfront_policies_answer_as_on_aws(moto_endpoint: str) -> None:
    """The three policy kinds static_site creates (ssr): CRUD with ETag/If-Match, the
    origin request policy refuses Authorization (HTTP 400, as AWS does), and a distribution
    reads back the cache and origin request policy ids of its default behaviour."""
    boto3 = pytest.importorskip("boto3")
    cf, s3 = (boto3.client(service, endpoint_url=moto_endpoint, region_name="us-east-1",
                           aws_access_key_id="testing", aws_secret_access_key="testing")
              for service in ("cloudfront", "s3"))
    cache_config = {
        "Name": "emulator-smoke-ssr", "MinTTL": 0, "DefaultTTL": 0, "MaxTTL": 86400,
        "ParametersInCacheKeyAndForwardedToOrigin": {
            "EnableAcceptEncodingGzip": True, "EnableAcceptEncodingBrotli": True,
            "HeadersConfig": {"HeaderBehavior": "whitelist",
                              "Headers": {"Quantity": 1, "Items": ["Authorization"]}},
            "CookiesConfig": {"CookieBehavior": "all"},
            "QueryStringsConfig": {"QueryStringBehavior": "all"}}}
    origin_config = {
        "Name": "emulator-smoke-ssr",
        "HeadersConfig": {"HeaderBehavior": "whitelist",
                          "Headers": {"Quantity": 1, "Items": ["Accept-Language"]}},
        "CookiesConfig": {"CookieBehavior": "none"},
        "QueryStringsConfig": {"QueryStringBehavior": "none"}}
    cache = cf.create_cache_policy(CachePolicyConfig=cache_config)
    origin = cf.create_origin_request_policy(OriginRequestPolicyConfig=origin_config)
    cache_id, origin_id = cache["CachePolicy"]["Id"], origin["OriginRequestPolicy"]["Id"]
    distribution_id = None
    try:
        got = cf.get_cache_policy_config(Id=cache_id)
        assert got["CachePolicyConfig"] == cache_config and got["ETag"] == cache["ETag"]
        with pytest.raises(cf.exceptions.ClientError, match="CachePolicyAlreadyExists"):
            cf.create_cache_policy(CachePolicyConfig=cache_config)
        with pytest.raises(cf.exceptions.ClientError, match="PreconditionFailed"):
            cf.update_cache_policy(Id=cache_id, IfMatch="stale",
                                   CachePolicyConfig={**cache_config, "MaxTTL": 3600})
        updated = cf.update_cache_policy(Id=cache_id, IfMatch=cache["ETag"],
                                         CachePolicyConfig={**cache_config, "MaxTTL": 3600})
        cache["ETag"] = updated["ETag"]
        stored = cf.get_cache_policy(Id=cache_id)["CachePolicy"]["CachePolicyConfig"]
        assert stored["MaxTTL"] == 3600
        listed = cf.list_origin_request_policies()["OriginRequestPolicyList"]["Items"]
        assert origin_id in [p["OriginRequestPolicy"]["Id"] for p in listed]

        with_authorization = {**origin_config, "Name": "emulator-smoke-auth", "HeadersConfig": {
            "HeaderBehavior": "whitelist", "Headers": {"Quantity": 1, "Items": ["Authorization"]}}}
        with pytest.raises(cf.exceptions.ClientError) as refused:
            cf.create_origin_request_policy(OriginRequestPolicyConfig=with_authorization)
        assert refused.value.response["Error"]["Code"] == "InvalidArgument"
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400

        s3.create_bucket(Bucket="emulator-smoke-site")
        distribution_id = cf.create_distribution(DistributionConfig={
            "CallerReference": "emulator-smoke-ssr", "Comment": "smoke", "Enabled": True,
            "Origins": {"Quantity": 1, "Items": [{
                "Id": "s3", "DomainName": "emulator-smoke-site.s3.us-east-1.amazonaws.com",
                "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
            "DefaultCacheBehavior": {"TargetOriginId": "s3",
                                     "ViewerProtocolPolicy": "redirect-to-https",
                                     "CachePolicyId": cache_id,
                                     "OriginRequestPolicyId": origin_id}})["Distribution"]["Id"]
        behaviour = cf.get_distribution_config(Id=distribution_id)["DistributionConfig"][
            "DefaultCacheBehavior"]
        assert (behaviour["CachePolicyId"], behaviour["OriginRequestPolicyId"]) == (
            cache_id, origin_id)
    finally:
        if distribution_id is not None:
            config = cf.get_distribution_config(Id=distribution_id)
            cf.delete_distribution(Id=distribution_id, IfMatch=config["ETag"])
            s3.delete_bucket(Bucket="emulator-smoke-site")
        cf.delete_cache_policy(Id=cache_id, IfMatch=cache["ETag"])
        cf.delete_origin_request_policy(Id=origin_id, IfMatch=origin["ETag"])
    with pytest.raises(cf.exceptions.ClientError, match="NoSuchCachePolicy"):
        cf.get_cache_policy(Id=cache_id)


def test_emulator_applies_converges_updates_and_destroys(
        moto_endpoint: str, tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(CONFIG_DIR, root)
    write_handler_zip(root / "lambda.zip")
    write_provider_override(root, moto_endpoint)
    env = terraform_env(tmp_path)
    timings: dict[str, float] = {}

    def step(name: str, args: list[str], expect: int = 0) -> str:
        started = time.monotonic()
        result = run_terraform([*args, "-no-color"], root, env, timeout=TF_TIMEOUT)
        timings[name] = round(time.monotonic() - started, 1)
        print(f"[emulator] terraform {name}: rc={result.returncode} in {timings[name]} s")
        assert result.returncode == expect, (
            f"terraform {name} returned {result.returncode}, expected {expect}\n"
            f"--- stdout (tail) ---\n{_tail(result.stdout)}\n--- stderr ---\n{_tail(result.stderr)}"
        )
        return result.stdout

    step("init", ["init", "-input=false"])
    destroyed = False
    try:
        step("apply", ["apply", "-auto-approve", "-input=false", PARALLELISM])
        # Convergence: a plan right after apply must find nothing to change.
        step("plan", ["plan", "-detailed-exitcode", "-input=false", PARALLELISM])
        # In-place updates (UpdateStage, UpdateFunctionConfiguration, deployment replacement,
        # UpdateStateMachine, SetQueueAttributes, UpdateDistribution, ...), then converge again.
        step("apply revision=2", ["apply", "-auto-approve", "-input=false", PARALLELISM,
                                  "-var", "revision=2"])
        step("plan revision=2", ["plan", "-detailed-exitcode", "-input=false", PARALLELISM,
                                 "-var", "revision=2"])
        out = step("destroy", ["destroy", "-auto-approve", "-input=false", PARALLELISM,
                               "-var", "revision=2"])
        destroyed = True
        assert "Destroy complete!" in out
    finally:
        if not destroyed:
            # Best effort: the server is shared by the session; leave nothing behind.
            run_terraform(["destroy", "-auto-approve", "-input=false", "-no-color", PARALLELISM,
                           "-var", "revision=2"], root, env, timeout=TF_TIMEOUT)

    timings["total"] = round(sum(timings.values()), 1)
    print(f"[emulator] timings (s): {json.dumps(timings)}")
    _assert_nothing_left(moto_endpoint)


def _assert_nothing_left(endpoint: str) -> None:
    """Destroy really deleted (the session's other tests share this server)."""
    import boto3

    def client(service: str, region: str = "eu-west-1") -> object:
        return boto3.client(service, endpoint_url=endpoint, region_name=region,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    leftovers = {
        "lambda": [f["FunctionName"] for region in ("eu-west-1", "us-east-1")
                   for f in client("lambda", region).list_functions()["Functions"]
                   if f["FunctionName"].startswith("emu-")],
        "dynamodb": [t for t in client("dynamodb").list_tables()["TableNames"]
                     if t.startswith("emu-")],
        "apigatewayv2": [a["Name"] for a in client("apigatewayv2").get_apis()["Items"]
                         if a["Name"].startswith("emu-")],
        "sqs": [u for u in client("sqs").list_queues().get("QueueUrls", []) if "/emu-" in u],
        "s3": [b["Name"] for b in client("s3").list_buckets()["Buckets"]
               if b["Name"].startswith("emu-")],
        "stepfunctions": [m["name"] for m in
                          client("stepfunctions").list_state_machines()["stateMachines"]
                          if m["name"].startswith("emu-")],
        "cognito-idp": [p["Name"] for p in
                        client("cognito-idp").list_user_pools(MaxResults=60)["UserPools"]
                        if p["Name"].startswith("emu-")],
        "ssm": [p["Name"] for p in client("ssm").describe_parameters()["Parameters"]
                if p["Name"].startswith("/emu/")],
        "acm": [c["DomainName"] for region in ("eu-west-1", "us-east-1")
                for c in client("acm", region).list_certificates()["CertificateSummaryList"]
                if c["DomainName"].endswith(".emu.example")],
        "apigatewayv2 domains": [d["DomainName"] for d in
                                 client("apigatewayv2").get_domain_names()["Items"]
                                 if d["DomainName"].endswith(".emu.example")],
        "cloudfront": [d["Id"] for d in (client("cloudfront", "us-east-1").list_distributions()
                                         ["DistributionList"].get("Items") or [])],
    }
    assert not any(leftovers.values()), f"resources left after destroy: {leftovers}"


def test_provisioned_concurrency_is_kept_per_qualifier(moto_endpoint: str) -> None:
    """The patch behaves as AWS documents PutProvisionedConcurrencyConfig (not $LATEST)."""
    import io
    import zipfile

    boto3 = pytest.importorskip("boto3")
    kw = {"endpoint_url": moto_endpoint, "region_name": "eu-west-1",
          "aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    iam, lam = boto3.client("iam", **kw), boto3.client("lambda", **kw)
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"Service": "lambda.amazonaws.com"}}]}
    role = iam.create_role(RoleName="emulator-smoke-warm",
                           AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.js", "exports.handler = async () => 1;\n")
    lam.create_function(FunctionName="emulator-smoke-warm", Runtime="nodejs22.x", Role=role,
                        Handler="index.handler", Code={"ZipFile": code.getvalue()})
    try:
        version = lam.publish_version(FunctionName="emulator-smoke-warm")["Version"]
        lam.create_alias(FunctionName="emulator-smoke-warm", Name="live",
                         FunctionVersion=version)
        with pytest.raises(lam.exceptions.InvalidParameterValueException):
            lam.put_provisioned_concurrency_config(
                FunctionName="emulator-smoke-warm", Qualifier="$LATEST",
                ProvisionedConcurrentExecutions=2)
        put = lam.put_provisioned_concurrency_config(
            FunctionName="emulator-smoke-warm", Qualifier="live",
            ProvisionedConcurrentExecutions=2)
        assert put["RequestedProvisionedConcurrentExecutions"] == 2
        got = lam.get_provisioned_concurrency_config(FunctionName="emulator-smoke-warm",
                                                     Qualifier="live")
        assert (got["Status"], got["AllocatedProvisionedConcurrentExecutions"]) == ("READY", 2)
        lam.delete_provisioned_concurrency_config(FunctionName="emulator-smoke-warm",
                                                  Qualifier="live")
        with pytest.raises(lam.exceptions.ProvisionedConcurrencyConfigNotFoundException):
            lam.get_provisioned_concurrency_config(FunctionName="emulator-smoke-warm",
                                                   Qualifier="live")
    finally:
        lam.delete_function(FunctionName="emulator-smoke-warm")
        iam.delete_role(RoleName="emulator-smoke-warm")
