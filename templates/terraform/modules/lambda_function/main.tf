locals {
  role_name = coalesce(var.role_name, var.function_name)

  # Alarm key => Lambda metric; both fire on the first occurrence in a minute.
  alarm_metrics = {
    errors    = "Errors"
    throttles = "Throttles"
  }

  dead_letter_actions = {
    sns = "sns:Publish"
    sqs = "sqs:SendMessage"
  }

  # Built with jsonencode rather than aws_iam_policy_document so the policy is plain HCL,
  # visible in plans and checkable in plan-mode tests.
  policy_statements = concat(
    [{
      Sid      = "WriteOwnLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = ["${aws_cloudwatch_log_group.this.arn}:*"]
    }],
    var.tracing_mode != "Active" ? [] : [{
      Sid    = "WriteTraces"
      Effect = "Allow"
      Action = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
      # X-Ray offers no resource-level permissions for these actions: "*" is the only valid resource.
      Resource = ["*"]
    }],
    length(var.vpc_subnet_ids) == 0 ? [] : [{
      Sid    = "ManageVpcNetworkInterfaces"
      Effect = "Allow"
      # What Lambda needs to attach the function to its subnets (the actions of the managed
      # policy AWSLambdaVPCAccessExecutionRole, which also grants logs:CreateLogGroup on *):
      # https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions
      Action = [
        "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
      ]
      # The Describe actions have no resource-level permissions, and Lambda creates and deletes
      # interfaces whose ids nobody knows in advance: "*" is the only resource.
      Resource = ["*"]
    }],
    var.dead_letter_target_arn == null ? [] : [{
      Sid      = "SendDeadLetters"
      Effect   = "Allow"
      Action   = [local.dead_letter_actions[split(":", var.dead_letter_target_arn)[2]]]
      Resource = [var.dead_letter_target_arn]
    }],
    [
      for statement in var.policy_statements : merge(
        {
          Sid      = statement.sid
          Effect   = "Allow"
          Action   = statement.actions
          Resource = statement.resources
        },
        length(statement.conditions) == 0 ? {} : {
          Condition = {
            for test in distinct([for c in statement.conditions : c.test]) : test => {
              for c in statement.conditions : c.variable => c.values if c.test == test
            }
          }
        },
      )
    ],
  )
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts log data at rest by default; a customer-managed KMS key is not part of this architecture.
  #checkov:skip=CKV_AWS_338:Retention is a blueprint setting per stage (log_retention_days); short retention outside production is deliberate.
  name              = "/aws/lambda/${var.function_name}"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "this" {
  name        = local.role_name
  description = "Execution role of Lambda function ${var.function_name}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "LambdaAssumeRole"
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "this" {
  name   = "permissions"
  role   = aws_iam_role.this.id
  policy = jsonencode({ Version = "2012-10-17", Statement = local.policy_statements })
}

resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_117:A VPC is a blueprint setting (vpc: subnets, security_groups); by default functions reach only AWS APIs over IAM-authenticated endpoints.
  #checkov:skip=CKV_AWS_173:Environment variables carry only non-secret wiring (table names, ARNs); secrets live in SSM and are read at runtime.
  #checkov:skip=CKV_AWS_272:Code signing is not used; packages are built reproducibly by scaffold build and referenced by hash.
  #checkov:skip=CKV_AWS_115:Reserved concurrency is a blueprint setting (reserved_concurrent_executions); unreserved by default to avoid starving the account pool.
  #checkov:skip=CKV_AWS_116:A dead-letter target only applies to asynchronously invoked functions; the caller sets dead_letter_target_arn for those.
  function_name                  = var.function_name
  description                    = var.description
  role                           = aws_iam_role.this.arn
  handler                        = var.handler
  runtime                        = var.runtime
  architectures                  = [var.architecture]
  memory_size                    = var.memory_size
  timeout                        = var.timeout
  reserved_concurrent_executions = var.reserved_concurrent_executions
  layers                         = var.layers
  filename                       = var.filename
  source_code_hash               = var.source_code_hash
  # A version is published only for provisioned concurrency, which lives on an alias.
  publish = var.provisioned_concurrency != null

  ephemeral_storage {
    size = var.ephemeral_storage_size
  }

  tracing_config {
    mode = var.tracing_mode
  }

  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.this.name
    # AWS's own defaults for JSON logs, written out: left unset, a published function (one
    # with provisioned concurrency) plans a new version on every run, on AWS as on the
    # emulator (hashicorp/terraform-provider-aws#42181).
    application_log_level = "INFO"
    system_log_level      = "INFO"
  }

  dynamic "environment" {
    for_each = length(var.environment_variables) > 0 ? [var.environment_variables] : []

    content {
      variables = environment.value
    }
  }

  dynamic "vpc_config" {
    for_each = length(var.vpc_subnet_ids) == 0 ? [] : [var.vpc_subnet_ids]

    content {
      subnet_ids         = vpc_config.value
      security_group_ids = var.vpc_security_group_ids
    }
  }

  dynamic "dead_letter_config" {
    for_each = var.dead_letter_target_arn == null ? [] : [var.dead_letter_target_arn]

    content {
      target_arn = dead_letter_config.value
    }
  }

  # The role's permissions and the log group must exist before the first invocation,
  # and before any event source mapping that references this function is created.
  depends_on = [aws_iam_role_policy.this, aws_cloudwatch_log_group.this]

  lifecycle {
    # A null hash means the zip is not there (a fresh clone): fine for destroy, which never
    # evaluates this for a resource it deletes; any plan that keeps the function stops here.
    precondition {
      condition     = var.source_code_hash != null
      error_message = "The package ${var.filename} of ${var.function_name} does not exist: run `scaffold build` first."
    }
  }
}

# Provisioned concurrency is configured on a version or an alias, never on $LATEST: the
# alias live follows each published version, and every caller invokes the alias (the
# routes' integrations and permissions name it), so the warm instances serve the calls.
# https://docs.aws.amazon.com/lambda/latest/dg/provisioned-concurrency.html
resource "aws_lambda_alias" "live" {
  count = var.provisioned_concurrency == null ? 0 : 1

  name             = "live"
  description      = "The published version callers invoke (provisioned concurrency)."
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}

resource "aws_lambda_provisioned_concurrency_config" "live" {
  count = var.provisioned_concurrency == null ? 0 : 1

  function_name                     = aws_lambda_function.this.function_name
  qualifier                         = aws_lambda_alias.live[0].name
  provisioned_concurrent_executions = var.provisioned_concurrency
}

resource "aws_cloudwatch_metric_alarm" "this" {
  for_each = var.alarm_topic_arn == null ? {} : local.alarm_metrics

  alarm_name          = "${var.function_name}-${each.key}"
  alarm_description   = "Lambda function ${var.function_name} reported ${each.value}."
  namespace           = "AWS/Lambda"
  metric_name         = each.value
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}
