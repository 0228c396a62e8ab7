"""Least-privilege IAM statements derived from what a function declares."""

from __future__ import annotations

from scaffold.blueprint import model
from scaffold.blueprint.functions import FunctionUse
from scaffold.blueprint.names import pascal
from scaffold.plan import callbacks, contract, websocket
from scaffold.plan.ir import Ref, Statement

READ = ("dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable",
        "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan")
WRITE = ("dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem",
         "dynamodb:UpdateItem")
STREAM = ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
          "dynamodb:ListStreams")
CONSUME = ("sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage")
# Checked against the IAM service authorization reference (as published in the
# iann0036/iam-dataset copy, aws/iam_definition.json, read 2026-12-03): states:SendTaskSuccess,
# SendTaskFailure and SendTaskHeartbeat list no resource type and no condition key, so the
# only Resource IAM accepts for them is "*". What guards a resume is the task token itself,
# and the webhook's shared key in front of it.
CALLBACK_WHY = ("Step Functions SendTask* actions have no resource type and no condition key "
                "in the IAM service authorization reference: * is the only resource")


CUSTOM_SID = "Custom"
SERVICE_CUSTOM_SID = "ServiceCustom"
"""Default sid prefixes of a function's own ``iam:`` statements and of its service's."""



def secret_ref(svc: model.ServiceSpec, secret: str, attr: str) -> Ref:
    """The parameter of a secret a function reads: its service's, else the platform's.

    Validation makes sure it is one of them and not both (C116, C231); IAM, environment and
    the diagram all ask here, so they name the same parameter.
    """
    return Ref("secret" if secret in svc.secrets else "shared_secret", secret, attr)


def custom_statements(specs: list[model.IamStatementSpec],
                      prefix: str = CUSTOM_SID) -> list[Statement]:
    """The blueprint's own ``iam:`` statements, in order.

    Sids are the given ``sid`` or ``<prefix>1``, ``<prefix>2``, ...; a service's statements
    use :data:`SERVICE_CUSTOM_SID`, so each keeps one sid in every function's policy.
    ``why`` goes with the statement (the Terraform writes it as a comment).
    """
    return [Statement(st.sid or f"{prefix}{i}", tuple(st.actions), tuple(st.resources),
                      why=st.why)
            for i, st in enumerate(specs, start=1)]


def _bucket_statements(use: FunctionUse, opts: model.FunctionOptions,
                       svc: model.ServiceSpec) -> list[Statement]:
    """Object access to the service's own buckets: reads list and get, writes put and delete.

    A bucket encrypted with a customer-managed KMS key also needs the key: S3 asks KMS on the
    caller's behalf (``kms:Decrypt`` to read, ``kms:GenerateDataKey`` to write, and
    ``kms:Decrypt`` for multipart uploads), scoped to that one key.
    """
    out: list[Statement] = []
    reads = list(dict.fromkeys(opts.bucket_reads))
    writes = list(dict.fromkeys(opts.bucket_writes))
    if use.trigger == "object":
        bucket_spec = svc.buckets[use.key]
        trigger = bucket_spec.on_object
        # A created object is usually read; a removed one cannot be.
        if trigger is not None and "created" in trigger.events:
            out.append(Statement("BucketReadTriggerObjects", ("s3:GetObject",), (Ref(
                "bucket", use.key, "arn", f"/{trigger.prefix}*"),)))
            if bucket_spec.kms_key_arn and use.key not in reads:
                out.append(Statement("BucketDecryptTriggerObjects", ("kms:Decrypt",),
                                     (bucket_spec.kms_key_arn,)))
    # Bucket statements begin with "Bucket": table statements are Read<X>/Write<X>, so a table
    # named like a bucket plus "objects" cannot take the same sid.
    for bucket in reads:
        out.append(Statement(f"BucketList{pascal(bucket)}", ("s3:ListBucket",),
                             (Ref("bucket", bucket, "arn"),)))
        out.append(Statement(f"BucketRead{pascal(bucket)}", ("s3:GetObject",),
                             (Ref("bucket", bucket, "arn", "/*"),)))
    for bucket in writes:
        out.append(Statement(f"BucketWrite{pascal(bucket)}", ("s3:DeleteObject", "s3:PutObject"),
                             (Ref("bucket", bucket, "arn", "/*"),)))
    for bucket in dict.fromkeys([*reads, *writes]):
        key = svc.buckets[bucket].kms_key_arn if bucket in svc.buckets else None
        if key:
            actions = ("kms:Decrypt", "kms:GenerateDataKey") if bucket in writes \
                else ("kms:Decrypt",)
            out.append(Statement(f"BucketKey{pascal(bucket)}", actions, (key,)))
    return out


def _tables(table: str) -> tuple[Ref, Ref]:
    return Ref("table", table, "arn"), Ref("table", table, "arn", "/index/*")


def statements(app: str, use: FunctionUse, opts: model.FunctionOptions,
               svc: model.ServiceSpec, default_group: str | None = None) -> list[Statement]:
    """The policy statements one function needs, and nothing more.

    ``default_group`` is the blueprint's ``auth.default_group``: the generated entry of the
    post-confirmation trigger adds new users to it.
    """
    out: list[Statement] = []
    writes = list(dict.fromkeys(opts.writes))
    reads = [t for t in dict.fromkeys(opts.reads) if t not in writes]
    for table in reads:
        out.append(Statement(f"Read{pascal(table)}", READ, _tables(table)))
    for table in writes:
        out.append(Statement(f"Write{pascal(table)}", READ + WRITE, _tables(table)))
    if use.trigger == "stream":
        spec = svc.streams[use.handler]
        out.append(Statement("ReadStream", STREAM,
                             (Ref("table", spec.table, "arn", "/stream/*"),)))
        out.append(Statement("StreamFailures", ("sns:Publish",),
                             (Ref("failures", "this", "topic_arn"),)))
    if use.trigger == "queue":
        # What the event source mapping polls with, as in AWSLambdaSQSQueueExecutionRole.
        out.append(Statement(f"Consume{pascal(use.key)}", CONSUME,
                             (Ref("queue", use.key, "arn"),)))
    for queue in dict.fromkeys(opts.sends):
        out.append(Statement(f"SendTo{pascal(queue)}", ("sqs:SendMessage",),
                             (Ref("queue", queue, "arn"),)))
    if opts.publishes:
        out.append(Statement(
            "PublishEvents", ("events:PutEvents",), (Ref("platform", "event_bus_arn", "value"),),
            (("StringEquals", "events:source", (contract.event_source(app, use.service),)),
             ("StringEquals", "events:detail-type", tuple(sorted(set(opts.publishes)))))))
    for secret in dict.fromkeys(opts.secrets):
        out.append(Statement(f"ReadSecret{pascal(secret)}", ("ssm:GetParameter",),
                             (secret_ref(svc, secret, "arn"),)))
    out.extend(websocket.statements(use, opts, svc))
    if use.trigger == "presign":
        upload = svc.uploads[use.key]
        out.append(Statement("PresignUploads", ("s3:PutObject",),
                             (Ref("bucket", use.key, "arn", f"/{upload.prefix}*"),)))
    if use.trigger == "upload":
        upload = svc.uploads[use.key]
        out.append(Statement("ReadUploads", ("s3:GetObject",),
                             (Ref("bucket", use.key, "arn", f"/{upload.prefix}*"),)))
    out.extend(_bucket_statements(use, opts, svc))
    if opts.resumes:
        out.append(Statement("ResumeWorkflows", ("states:SendTaskFailure",
                                                 "states:SendTaskHeartbeat",
                                                 "states:SendTaskSuccess"), ("*",),
                             why=CALLBACK_WHY))
    tokens = Ref("table", contract.TOKENS_TABLE, "arn")
    if callbacks.stores_token(svc, use):
        # The generated step entry puts {correlation -> token}; nothing else.
        out.append(Statement("StoreTaskToken", ("dynamodb:PutItem",), (tokens,)))
    if callbacks.resumable(svc, use):
        # resume / fail read the token by correlation id, then delete it (used once).
        out.append(Statement("TakeTaskToken", ("dynamodb:DeleteItem", "dynamodb:GetItem"),
                             (tokens,)))
    for workflow in dict.fromkeys(opts.starts):
        out.append(Statement(f"Start{pascal(workflow)}", ("states:StartExecution",),
                             (Ref("workflow", workflow, "arn"),)))
    if default_group and use.trigger == "auth_trigger" and use.key == "post_confirmation":
        # Cognito has no condition key for the group name; the pool is the narrowest resource.
        out.append(Statement("JoinDefaultGroup", ("cognito-idp:AdminAddUserToGroup",),
                             (Ref("platform", "user_pool_arn", "value"),)))
    if opts.users:
        out.append(Statement("ReadUsers", ("cognito-idp:AdminGetUser",
                                           "cognito-idp:AdminListGroupsForUser",
                                           "cognito-idp:ListUsers"),
                             (Ref("platform", "user_pool_arn", "value"),)))
    out.extend(custom_statements(opts.iam))
    out.extend(custom_statements(svc.iam, SERVICE_CUSTOM_SID))
    return out
