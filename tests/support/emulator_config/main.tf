# Hand-written proof config for the moto emulator (tests/e2e/test_emulator.py).
#
# It holds at least one resource of every type scaffold generates, with the arguments
# the building-block modules (templates/terraform/modules) set. The test copies this
# folder, writes the Lambda zip (var.lambda_zip) and an `emulator_override.tf` that
# points both provider configurations at moto server, then runs
# apply -> plan (must be empty) -> apply revision=2 -> plan (must be empty) -> destroy.
#
# When a resource fails against the emulator, fix the emulator
# (tests/support/moto_patches.py) - never remove the resource from here.

terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }
}

provider "aws" {
  region = var.region
}

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "name" {
  type    = string
  default = "emu"
}

variable "revision" {
  description = "The test applies 1, then 2: revision 2 changes settings in place (stage, functions, state machine, queues, distribution, WebSocket deployment)."
  type        = number
  default     = 1
}

variable "lambda_zip" {
  description = "Path of the handler zip, written by the test."
  type        = string
  default     = "lambda.zip"
}

locals {
  zone        = "emu.example"
  app_domain  = "app.${local.zone}"
  www_domain  = "www.${local.zone}"
  api_domain  = "api.${local.zone}"
  lambda_zip  = abspath(var.lambda_zip)
  lambda_hash = filebase64sha256(var.lambda_zip)
  account_id  = data.aws_caller_identity.current.account_id
  partition   = data.aws_partition.current.partition
  rev2        = var.revision >= 2
  fn          = aws_lambda_function.fn
  tags        = { project = var.name, managed-by = "scaffold-emulator-test" }

  # AWS managed cache policies (fixed ids).
  caching_optimized = "658327ea-f89d-4fab-a63d-7e88639e58f6"
  caching_disabled  = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"

  # One function per job, with the per-function variations the lambda_function module has.
  functions = {
    api     = { dlq = "sqs", levels = true, tracing = "Active", reserved = null }
    ws      = { dlq = null, levels = false, tracing = "Active", reserved = null }
    stream  = { dlq = null, levels = false, tracing = "Active", reserved = null }
    task    = { dlq = "sns", levels = false, tracing = "Active", reserved = 5 }
    trigger = { dlq = null, levels = false, tracing = "PassThrough", reserved = null }
    event   = { dlq = "sqs", levels = false, tracing = "Active", reserved = null }
  }
}

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

# ---------------------------------------------------------------- monitoring

resource "aws_cloudwatch_log_group" "fn" {
  for_each          = local.functions
  name              = "/aws/lambda/${var.name}-${each.key}"
  retention_in_days = 14
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${var.name}-http/access"
  retention_in_days = 14
  tags              = local.tags
}

resource "aws_cloudwatch_log_group" "ws_access" {
  name              = "/aws/apigateway/${var.name}-ws/access"
  retention_in_days = 14
}

resource "aws_cloudwatch_log_group" "sfn" {
  name              = "/aws/vendedlogs/states/${var.name}-flow"
  retention_in_days = 14
}

resource "aws_sns_topic" "alerts" {
  name = "${var.name}-alerts"
  tags = local.tags
}

data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "AllowCloudWatchAlarms"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]
    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts.json
}

resource "aws_sns_topic_subscription" "alerts_email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = "ops@${local.zone}"
}

resource "aws_cloudwatch_metric_alarm" "dlq" {
  alarm_name          = "${var.name}-dead-letters"
  alarm_description   = "Dead letters are waiting: an asynchronous task failed for good."
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = "ApproximateNumberOfMessagesVisible"
  namespace           = "AWS/SQS"
  period              = 300
  statistic           = "Maximum"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  dimensions = {
    QueueName = aws_sqs_queue.failures.name
  }
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each            = { errors = "Errors", throttles = "Throttles" }
  alarm_name          = "${var.name}-api-${each.key}"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  metric_name         = each.value
  namespace           = "AWS/Lambda"
  period              = 60
  statistic           = "Sum"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  ok_actions          = [aws_sns_topic.alerts.arn]
  dimensions = {
    FunctionName = local.fn["api"].function_name
  }
}

resource "aws_cloudwatch_metric_alarm" "api_5xx" {
  alarm_name          = "${var.name}-http-5xx"
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  dimensions = {
    ApiId = aws_apigatewayv2_api.http.id
  }
  tags = local.tags
}

resource "aws_cloudwatch_metric_alarm" "flow_failed" {
  alarm_name          = "${var.name}-flow-executions-failed"
  namespace           = "AWS/States"
  metric_name         = "ExecutionsFailed"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
  dimensions = {
    StateMachineArn = aws_sfn_state_machine.flow.arn
  }
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = "${var.name}-service"
  dashboard_body = jsonencode({
    widgets = [{
      type   = "metric"
      x      = 0
      y      = 0
      width  = 12
      height = 6
      properties = {
        title   = "Lambda errors"
        region  = var.region
        stat    = "Sum"
        period  = 300
        metrics = [["AWS/Lambda", "Errors", "FunctionName", local.fn["api"].function_name]]
      }
    }]
  })
}

# ---------------------------------------------------------------- failure chain

locals {
  failures_queue_arn = "arn:${local.partition}:sqs:${var.region}:${local.account_id}:${var.name}-failures"
}

resource "aws_sns_topic" "failures" {
  name = "${var.name}-failures"
}

# Queue policy inline (saves the separate aws_sqs_queue_policy's propagation wait).
resource "aws_sqs_queue" "failures" {
  name                      = "${var.name}-failures"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DeliverFromDeadLetterTopic"
        Effect    = "Allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = local.failures_queue_arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.failures.arn } }
      },
      {
        Sid       = "DeliverFromEventBridgeRules"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = local.failures_queue_arn
        Condition = {
          ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:events:${var.region}:${local.account_id}:rule/*" }
          StringEquals = { "aws:SourceAccount" = local.account_id }
        }
      },
    ]
  })
}

resource "aws_sns_topic_subscription" "failures" {
  topic_arn            = aws_sns_topic.failures.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.failures.arn
  raw_message_delivery = true
}

resource "aws_sqs_queue" "dlq" {
  name                      = "${var.name}-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "work" {
  name                       = "${var.name}-work"
  visibility_timeout_seconds = 60
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = local.rev2 ? 3 : 5
  })
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "FromBus"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = "arn:${local.partition}:sqs:${var.region}:${local.account_id}:${var.name}-work"
    }]
  })
}

# ---------------------------------------------------------------- IAM

resource "aws_iam_role" "fn" {
  name        = "${var.name}-fn"
  description = "Execution role of the emulator test functions"
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

# Logging and dead-letter permissions, split out so the functions do not depend on
# the policy below (which references their consumers).
resource "aws_iam_role_policy" "fn_base" {
  name = "base"
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = [for g in aws_cloudwatch_log_group.fn : "${g.arn}:*"]
      },
      {
        Sid      = "WriteTraces"
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = ["*"]
      },
      {
        Sid      = "SendDeadLetters"
        Effect   = "Allow"
        Action   = ["sqs:SendMessage", "sns:Publish"]
        Resource = [aws_sqs_queue.dlq.arn, aws_sqs_queue.failures.arn, aws_sns_topic.failures.arn]
      },
    ]
  })
}

resource "aws_iam_role_policy" "fn" {
  name = "permissions"
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"]
        Resource = [aws_dynamodb_table.projects.arn, "${aws_dynamodb_table.projects.arn}/index/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:DescribeStream", "dynamodb:ListStreams"]
        Resource = [aws_dynamodb_table.projects.stream_arn]
      },
      {
        Effect   = "Allow"
        Action   = ["ssm:GetParameter"]
        Resource = [aws_ssm_parameter.secret.arn]
      },
      {
        Effect   = "Allow"
        Action   = ["execute-api:ManageConnections"]
        Resource = ["${aws_apigatewayv2_api.ws.execution_arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["states:SendTaskSuccess", "states:SendTaskFailure"]
        Resource = [aws_sfn_state_machine.flow.arn]
      },
      {
        Effect    = "Allow"
        Action    = ["s3:PutObject"]
        Resource  = ["${aws_s3_bucket.uploads.arn}/incoming/*"]
        Condition = { StringEquals = { "s3:x-amz-server-side-encryption" = "aws:kms" } }
      },
    ]
  })
}

resource "aws_iam_role" "sfn" {
  name        = "${var.name}-sfn"
  description = "Execution role of state machine ${var.name}-flow"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "StepFunctionsAssumeRole"
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "states.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "sfn" {
  name = "permissions"
  role = aws_iam_role.sfn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "InvokeTaskFunctions"
        Effect   = "Allow"
        Action   = ["lambda:InvokeFunction"]
        Resource = [local.fn["task"].arn, "${local.fn["task"].arn}:*"]
      },
      {
        Sid    = "DeliverExecutionLogs"
        Effect = "Allow"
        Action = [
          "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery",
          "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
          "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        ]
        Resource = ["*"]
      },
      {
        Sid    = "WriteTraces"
        Effect = "Allow"
        Action = [
          "xray:PutTraceSegments", "xray:PutTelemetryRecords",
          "xray:GetSamplingRules", "xray:GetSamplingTargets",
        ]
        Resource = ["*"]
      },
    ]
  })
}

# ---------------------------------------------------------------- secrets and parameters

resource "aws_ssm_parameter" "secret" {
  name        = "/${var.name}/secrets/saas-api-key"
  description = "Set out of band; the real value never lives in the repo."
  type        = "SecureString"
  value       = "set-me-out-of-band"
  tags        = local.tags
  lifecycle {
    ignore_changes = [value]
  }
}

resource "aws_ssm_parameter" "api_url" {
  name        = "/${var.name}/platform/api-url"
  description = "HTTP API endpoint, read by the service roots."
  type        = "String"
  value       = aws_apigatewayv2_api.http.api_endpoint
  tags        = local.tags
}

# ---------------------------------------------------------------- data

resource "aws_dynamodb_table" "projects" {
  name                        = "${var.name}-projects"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "id"
  range_key                   = "sk"
  deletion_protection_enabled = false
  stream_enabled              = true
  stream_view_type            = "NEW_AND_OLD_IMAGES"

  attribute {
    name = "id"
    type = "S"
  }
  attribute {
    name = "sk"
    type = "S"
  }
  attribute {
    name = "owner"
    type = "S"
  }
  attribute {
    name = "createdAt"
    type = "N"
  }

  global_secondary_index {
    name            = "byOwner"
    hash_key        = "owner"
    range_key       = "createdAt"
    projection_type = "ALL"
  }

  global_secondary_index {
    name               = "byOwnerSlim"
    hash_key           = "owner"
    projection_type    = "INCLUDE"
    non_key_attributes = ["title"]
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  tags = local.tags
}

# ---------------------------------------------------------------- functions

resource "aws_lambda_function" "fn" {
  for_each                       = local.functions
  function_name                  = "${var.name}-${each.key}"
  description                    = "emulator test function ${each.key}"
  role                           = aws_iam_role.fn.arn
  runtime                        = "python3.13"
  handler                        = "handler.handler"
  architectures                  = ["arm64"]
  memory_size                    = 256
  timeout                        = 10
  reserved_concurrent_executions = each.value.reserved
  filename                       = local.lambda_zip
  source_code_hash               = local.lambda_hash

  environment {
    variables = {
      SERVICE     = var.name
      TABLE_NAME  = aws_dynamodb_table.projects.name
      SECRET_NAME = aws_ssm_parameter.secret.name
    }
  }

  dynamic "dead_letter_config" {
    for_each = each.value.dlq == null ? [] : [each.value.dlq]
    content {
      target_arn = (dead_letter_config.value == "sns" ? aws_sns_topic.failures.arn
      : local.rev2 ? aws_sqs_queue.failures.arn : aws_sqs_queue.dlq.arn)
    }
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.fn[each.key].name
    application_log_level = each.value.levels ? (local.rev2 ? "DEBUG" : "INFO") : null
    system_log_level      = each.value.levels ? "WARN" : null
  }

  tracing_config {
    mode = local.rev2 && each.key == "api" ? "PassThrough" : each.value.tracing
  }

  depends_on = [aws_iam_role_policy.fn_base, aws_cloudwatch_log_group.fn]
}

resource "aws_lambda_event_source_mapping" "stream" {
  event_source_arn                   = aws_dynamodb_table.projects.stream_arn
  function_name                      = local.fn["stream"].arn
  starting_position                  = "LATEST"
  batch_size                         = 10
  maximum_batching_window_in_seconds = 1
  maximum_retry_attempts             = 3
  maximum_record_age_in_seconds      = 3600
  bisect_batch_on_function_error     = true
  function_response_types            = ["ReportBatchItemFailures"]

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.failures.arn
    }
  }
}

# ---------------------------------------------------------------- events

resource "aws_cloudwatch_event_bus" "bus" {
  name = "${var.name}-bus"
  tags = local.tags
}

resource "aws_cloudwatch_event_archive" "bus" {
  name             = "${var.name}-archive"
  description      = "All events of the ${var.name} bus."
  event_source_arn = aws_cloudwatch_event_bus.bus.arn
  retention_days   = 7
}

resource "aws_cloudwatch_event_rule" "user_signed_up" {
  name           = "${var.name}-user-signed-up"
  description    = "users.UserSignedUp -> onUserSignedUp"
  event_bus_name = aws_cloudwatch_event_bus.bus.name
  state          = "ENABLED"
  event_pattern = jsonencode({
    source        = ["users"]
    "detail-type" = ["UserSignedUp"]
  })
}

resource "aws_cloudwatch_event_target" "user_signed_up" {
  rule           = aws_cloudwatch_event_rule.user_signed_up.name
  event_bus_name = aws_cloudwatch_event_rule.user_signed_up.event_bus_name
  target_id      = "function"
  arn            = local.fn["event"].arn

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 4
  }

  dead_letter_config {
    arn = aws_sqs_queue.failures.arn
  }
}

resource "aws_cloudwatch_event_target" "to_queue" {
  rule           = aws_cloudwatch_event_rule.user_signed_up.name
  event_bus_name = aws_cloudwatch_event_bus.bus.name
  target_id      = "toWorkQueue"
  arn            = aws_sqs_queue.work.arn
}

resource "aws_lambda_permission" "events" {
  statement_id  = "events-user-signed-up"
  action        = "lambda:InvokeFunction"
  function_name = local.fn["event"].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.user_signed_up.arn
}

resource "aws_cloudwatch_event_rule" "nightly" {
  name                = "${var.name}-nightly"
  description         = "schedule nightly"
  schedule_expression = "rate(1 day)"
  state               = "ENABLED"
}

resource "aws_cloudwatch_event_target" "nightly" {
  rule      = aws_cloudwatch_event_rule.nightly.name
  target_id = "function"
  arn       = local.fn["task"].arn

  retry_policy {
    maximum_event_age_in_seconds = 3600
    maximum_retry_attempts       = 2
  }

  dead_letter_config {
    arn = aws_sqs_queue.failures.arn
  }
}

resource "aws_lambda_permission" "nightly" {
  statement_id  = "events-nightly"
  action        = "lambda:InvokeFunction"
  function_name = local.fn["task"].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.nightly.arn
}

# ---------------------------------------------------------------- users and auth

resource "aws_cognito_user_pool" "users" {
  name                     = "${var.name}-users"
  username_attributes      = ["email"]
  auto_verified_attributes = ["email"]
  mfa_configuration        = "OFF"
  deletion_protection      = "INACTIVE"

  username_configuration {
    case_sensitive = false
  }

  password_policy {
    minimum_length                   = 12
    require_lowercase                = true
    require_uppercase                = true
    require_numbers                  = true
    require_symbols                  = true
    temporary_password_validity_days = 7
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  verification_message_template {
    default_email_option = "CONFIRM_WITH_CODE"
  }

  lambda_config {
    post_confirmation = local.fn["trigger"].arn
  }

  tags = local.tags
}

resource "aws_lambda_permission" "cognito" {
  statement_id  = "AllowCognito-post-confirmation"
  action        = "lambda:InvokeFunction"
  function_name = local.fn["trigger"].function_name
  principal     = "cognito-idp.amazonaws.com"
  source_arn    = aws_cognito_user_pool.users.arn
}

resource "aws_cognito_user_pool_client" "spa" {
  name                          = "${var.name}-spa"
  user_pool_id                  = aws_cognito_user_pool.users.id
  generate_secret               = false
  explicit_auth_flows           = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"]
  prevent_user_existence_errors = "ENABLED"
  enable_token_revocation       = true
  supported_identity_providers  = ["COGNITO"]
  access_token_validity         = 60
  id_token_validity             = 60
  refresh_token_validity        = 30

  token_validity_units {
    access_token  = "minutes"
    id_token      = "minutes"
    refresh_token = "days"
  }
}

resource "aws_cognito_user_group" "groups" {
  for_each     = { admin = "Administrators", member = "Members" }
  name         = each.key
  description  = each.value
  user_pool_id = aws_cognito_user_pool.users.id
}

# ---------------------------------------------------------------- HTTP API

resource "aws_apigatewayv2_api" "http" {
  name          = "${var.name}-http"
  protocol_type = "HTTP"
  cors_configuration {
    allow_origins = ["https://${local.app_domain}"]
    allow_methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    allow_headers = ["authorization", "content-type"]
    max_age       = 3600
  }
  tags = local.tags
}

resource "aws_apigatewayv2_stage" "http" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId = "$context.requestId"
      status    = "$context.status"
      routeKey  = "$context.routeKey"
    })
  }

  default_route_settings {
    throttling_burst_limit = local.rev2 ? 200 : 100
    throttling_rate_limit  = 50
  }

  tags = local.tags
}

resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id           = aws_apigatewayv2_api.http.id
  name             = "jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]
  jwt_configuration {
    audience = [aws_cognito_user_pool_client.spa.id]
    issuer   = "https://cognito-idp.${var.region}.amazonaws.com/${aws_cognito_user_pool.users.id}"
  }
}

resource "aws_apigatewayv2_integration" "api" {
  api_id                 = aws_apigatewayv2_api.http.id
  description            = "GET /projects -> ${local.fn["api"].function_name}"
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = local.fn["api"].invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 10000
}

resource "aws_apigatewayv2_route" "list" {
  api_id               = aws_apigatewayv2_api.http.id
  route_key            = "GET /projects"
  target               = "integrations/${aws_apigatewayv2_integration.api.id}"
  authorization_type   = "JWT"
  authorizer_id        = aws_apigatewayv2_authorizer.jwt.id
  authorization_scopes = ["aws.cognito.signin.user.admin"]
}

resource "aws_apigatewayv2_route" "health" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "GET /health"
  target             = "integrations/${aws_apigatewayv2_integration.api.id}"
  authorization_type = "NONE"
}

resource "aws_lambda_permission" "http" {
  for_each      = { list = "GET/projects", health = "GET/health" }
  statement_id  = "http-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = local.fn["api"].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/${each.value}"
}

# ---------------------------------------------------------------- WebSocket API

resource "aws_apigatewayv2_api" "ws" {
  name                       = "${var.name}-ws"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
  tags                       = local.tags
}

resource "aws_apigatewayv2_integration" "ws" {
  api_id             = aws_apigatewayv2_api.ws.id
  description        = "WebSocket routes -> ${local.fn["ws"].function_name}"
  integration_type   = "AWS_PROXY"
  integration_method = "POST"
  integration_uri    = local.fn["ws"].invoke_arn
}

resource "aws_apigatewayv2_route" "ws" {
  for_each           = toset(["$connect", "$disconnect", "$default", "subscribe"])
  api_id             = aws_apigatewayv2_api.ws.id
  route_key          = each.key
  target             = "integrations/${aws_apigatewayv2_integration.ws.id}"
  authorization_type = "NONE"
}

resource "aws_lambda_permission" "ws" {
  for_each      = aws_apigatewayv2_route.ws
  statement_id  = "websocket-${trimprefix(each.key, "$")}"
  action        = "lambda:InvokeFunction"
  function_name = local.fn["ws"].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.ws.execution_arn}/live/${each.key}"
}

resource "aws_apigatewayv2_deployment" "ws" {
  api_id      = aws_apigatewayv2_api.ws.id
  description = "Routes: ${join(", ", sort(keys(aws_apigatewayv2_route.ws)))}"

  # Hash configured values, not whole resource objects.
  triggers = {
    redeployment = sha1(jsonencode([
      sort(keys(aws_apigatewayv2_route.ws)),
      aws_apigatewayv2_integration.ws.id,
      local.fn["ws"].invoke_arn,
      var.revision,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [aws_apigatewayv2_route.ws]
}

resource "aws_apigatewayv2_stage" "ws" {
  api_id        = aws_apigatewayv2_api.ws.id
  name          = "live"
  deployment_id = aws_apigatewayv2_deployment.ws.id

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.ws_access.arn
    format = jsonencode({
      requestId    = "$context.requestId"
      eventType    = "$context.eventType"
      routeKey     = "$context.routeKey"
      connectionId = "$context.connectionId"
      status       = "$context.status"
    })
  }

  default_route_settings {
    throttling_burst_limit = 100
    throttling_rate_limit  = local.rev2 ? 100 : 50
  }
}

# ---------------------------------------------------------------- state machine

resource "aws_sfn_state_machine" "flow" {
  name     = "${var.name}-flow"
  role_arn = aws_iam_role.sfn.arn
  type     = "STANDARD"

  definition = jsonencode({
    Comment = "startCampaign -> awaitStatus (callback) -> choice -> notify (revision ${var.revision})"
    StartAt = "startCampaign"
    States = {
      startCampaign = {
        Type       = "Task"
        Resource   = "arn:${local.partition}:states:::lambda:invoke"
        Parameters = { FunctionName = local.fn["task"].arn, "Payload.$" = "$" }
        OutputPath = "$.Payload"
        Retry = [{
          ErrorEquals     = ["Lambda.ServiceException", "Lambda.TooManyRequestsException"]
          IntervalSeconds = 2
          MaxAttempts     = 3
          BackoffRate     = 2
        }]
        Catch = [{ ErrorEquals = ["States.ALL"], Next = "failed" }]
        Next  = "awaitStatus"
      }
      awaitStatus = {
        Type     = "Task"
        Resource = "arn:${local.partition}:states:::lambda:invoke.waitForTaskToken"
        Parameters = {
          FunctionName = local.fn["task"].arn
          Payload      = { "input.$" = "$", "taskToken.$" = "$$.Task.Token" }
        }
        HeartbeatSeconds = 3600
        Next             = "isDone"
      }
      isDone = {
        Type    = "Choice"
        Choices = [{ Variable = "$.status", StringEquals = "done", Next = "notifyUser" }]
        Default = "pause"
      }
      pause = {
        Type    = "Wait"
        Seconds = 60
        Next    = "awaitStatus"
      }
      notifyUser = {
        Type       = "Task"
        Resource   = "arn:${local.partition}:states:::lambda:invoke"
        Parameters = { FunctionName = local.fn["task"].arn, "Payload.$" = "$" }
        End        = true
      }
      failed = {
        Type  = "Fail"
        Error = "CampaignFailed"
      }
    }
  })

  logging_configuration {
    log_destination        = "${aws_cloudwatch_log_group.sfn.arn}:*"
    include_execution_data = true
    level                  = "ALL"
  }

  tracing_configuration {
    enabled = true
  }

  depends_on = [aws_iam_role_policy.sfn]
}

# ---------------------------------------------------------------- uploads

resource "aws_s3_bucket" "uploads" {
  bucket        = "${var.name}-uploads"
  force_destroy = true
  tags          = local.tags
}

resource "aws_s3_bucket_ownership_controls" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "uploads" {
  bucket                  = aws_s3_bucket.uploads.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_versioning" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  versioning_configuration {
    status = "Enabled"
  }
}

data "aws_iam_policy_document" "uploads" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.uploads.arn, "${aws_s3_bucket.uploads.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket     = aws_s3_bucket.uploads.id
  policy     = data.aws_iam_policy_document.uploads.json
  depends_on = [aws_s3_bucket_public_access_block.uploads]
}

resource "aws_s3_bucket_cors_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  cors_rule {
    allowed_methods = ["PUT", "POST"]
    allowed_origins = ["https://${local.app_domain}"]
    allowed_headers = ["*"]
    expose_headers  = ["ETag"]
    max_age_seconds = 3000
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  rule {
    id     = "uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }

  rule {
    id     = "expire-incoming"
    status = "Enabled"
    filter {
      prefix = "incoming/"
    }
    expiration {
      days = 30
    }
  }

  depends_on = [aws_s3_bucket_versioning.uploads]
}

resource "aws_lambda_permission" "s3" {
  statement_id   = "AllowS3-${var.name}-uploads"
  action         = "lambda:InvokeFunction"
  function_name  = local.fn["event"].function_name
  principal      = "s3.amazonaws.com"
  source_arn     = aws_s3_bucket.uploads.arn
  source_account = local.account_id
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  lambda_function {
    lambda_function_arn = local.fn["event"].arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "incoming/"
  }
  depends_on = [aws_lambda_permission.s3]
}

# ---------------------------------------------------------------- website

resource "aws_s3_bucket" "site" {
  bucket        = "${var.name}-site"
  force_destroy = true
  tags          = local.tags
}

resource "aws_s3_bucket_ownership_controls" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "site" {
  bucket = aws_s3_bucket.site.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    id     = "previous-builds"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
    noncurrent_version_expiration {
      noncurrent_days = 30
    }
  }
  depends_on = [aws_s3_bucket_versioning.site]
}

data "aws_iam_policy_document" "site" {
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.site.arn, "${aws_s3_bucket.site.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "AllowCloudFrontRead"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["cloudfront.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "AWS:SourceArn"
      values   = [aws_cloudfront_distribution.site.arn]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket     = aws_s3_bucket.site.id
  policy     = data.aws_iam_policy_document.site.json
  depends_on = [aws_s3_bucket_public_access_block.site]
}

# Runtime configuration of the SPA (served uncached by the /config.json behaviour).
resource "aws_s3_object" "config" {
  bucket        = aws_s3_bucket.site.id
  key           = "config.json"
  content_type  = "application/json"
  cache_control = "no-cache"
  content = jsonencode({
    region         = var.region
    apiUrl         = "https://${local.api_domain}"
    webSocketUrl   = aws_apigatewayv2_stage.ws.invoke_url
    userPoolId     = aws_cognito_user_pool.users.id
    userPoolClient = aws_cognito_user_pool_client.spa.id
  })
  tags       = local.tags
  depends_on = [aws_s3_bucket_server_side_encryption_configuration.site, aws_s3_bucket_ownership_controls.site]
}

resource "aws_cloudfront_origin_access_control" "site" {
  name                              = "${var.name}-site"
  description                       = "CloudFront access to the ${var.name}-site bucket."
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_response_headers_policy" "security" {
  name    = "${var.name}-security-headers"
  comment = "Security headers of the ${var.name} site."
  security_headers_config {
    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }
    content_type_options {
      override = true
    }
    frame_options {
      frame_option = local.rev2 ? "SAMEORIGIN" : "DENY"
      override     = true
    }
    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }
    xss_protection {
      protection = true
      mode_block = true
      override   = true
    }
  }
}

# Server-side rendering: Lambda@Edge (us-east-1, x86_64, published version).
resource "aws_iam_role" "edge" {
  name = "${var.name}-ssr"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] }
    }]
  })
}

resource "aws_iam_role_policy" "edge" {
  name = "logs"
  role = aws_iam_role.edge.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid      = "WriteLogs"
      Effect   = "Allow"
      Action   = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = ["arn:${local.partition}:logs:*:${local.account_id}:log-group:/aws/lambda/us-east-1.${var.name}-ssr:*"]
    }]
  })
}

resource "aws_lambda_function" "ssr" {
  provider         = aws.us_east_1
  function_name    = "${var.name}-ssr"
  description      = "Server-side rendering (Lambda@Edge origin request)."
  role             = aws_iam_role.edge.arn
  runtime          = "python3.12"
  handler          = "handler.handler"
  memory_size      = 128
  timeout          = 5
  filename         = local.lambda_zip
  source_code_hash = local.lambda_hash
  publish          = true
  architectures    = ["x86_64"]
  depends_on       = [aws_iam_role_policy.edge]
}

resource "aws_cloudfront_distribution" "site" {
  enabled             = true
  comment             = "${var.name} SPA (revision ${var.revision})"
  default_root_object = "index.html"
  aliases             = [local.app_domain, local.www_domain]
  price_class         = "PriceClass_100"
  http_version        = "http2and3"
  is_ipv6_enabled     = true
  wait_for_deployment = false

  origin {
    origin_id                = "s3"
    domain_name              = aws_s3_bucket.site.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.site.id
  }

  default_cache_behavior {
    target_origin_id           = "s3"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD", "OPTIONS"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.caching_optimized
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id

    lambda_function_association {
      event_type   = "origin-request"
      lambda_arn   = aws_lambda_function.ssr.qualified_arn
      include_body = false
    }
  }

  ordered_cache_behavior {
    path_pattern               = "/config.json"
    target_origin_id           = "s3"
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = local.caching_disabled
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security.id
  }

  custom_error_response {
    error_code            = 403
    response_code         = 200
    response_page_path    = "/index.html"
    error_caching_min_ttl = 10
  }

  custom_error_response {
    error_code            = 404
    response_code         = 200
    response_page_path    = "/index.html"
    error_caching_min_ttl = 10
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = aws_acm_certificate_validation.site.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  tags = local.tags
}

# ---------------------------------------------------------------- domains and certificates

resource "aws_route53_zone" "main" {
  name          = local.zone
  force_destroy = true
}

resource "aws_acm_certificate" "site" {
  provider                  = aws.us_east_1
  domain_name               = local.app_domain
  subject_alternative_names = [local.www_domain]
  validation_method         = "DNS"
  options {
    certificate_transparency_logging_preference = "ENABLED"
  }
  tags = local.tags
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate" "api" {
  domain_name       = local.api_domain
  validation_method = "DNS"
  options {
    certificate_transparency_logging_preference = "ENABLED"
  }
  tags = local.tags
  lifecycle {
    create_before_destroy = true
  }
}

locals {
  # Domain names are known at plan time, so for_each keys are static.
  validation_options = merge(
    { for o in aws_acm_certificate.site.domain_validation_options : o.domain_name => o },
    { for o in aws_acm_certificate.api.domain_validation_options : o.domain_name => o },
  )
}

resource "aws_route53_record" "validation" {
  for_each        = toset([local.app_domain, local.www_domain, local.api_domain])
  zone_id         = aws_route53_zone.main.zone_id
  name            = local.validation_options[each.key].resource_record_name
  type            = local.validation_options[each.key].resource_record_type
  records         = [local.validation_options[each.key].resource_record_value]
  ttl             = 60
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "site" {
  provider                = aws.us_east_1
  certificate_arn         = aws_acm_certificate.site.arn
  validation_record_fqdns = [for d in [local.app_domain, local.www_domain] : aws_route53_record.validation[d].fqdn]
}

resource "aws_acm_certificate_validation" "api" {
  certificate_arn         = aws_acm_certificate.api.arn
  validation_record_fqdns = [aws_route53_record.validation[local.api_domain].fqdn]
}

resource "aws_route53_record" "site" {
  for_each = toset(["A", "AAAA"])
  zone_id  = aws_route53_zone.main.zone_id
  name     = local.app_domain
  type     = each.key
  alias {
    name                   = aws_cloudfront_distribution.site.domain_name
    zone_id                = aws_cloudfront_distribution.site.hosted_zone_id
    evaluate_target_health = false
  }
}

resource "aws_apigatewayv2_domain_name" "api" {
  domain_name = local.api_domain
  domain_name_configuration {
    certificate_arn = aws_acm_certificate_validation.api.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
  tags = local.tags
}

resource "aws_apigatewayv2_api_mapping" "api" {
  api_id      = aws_apigatewayv2_api.http.id
  domain_name = aws_apigatewayv2_domain_name.api.id
  stage       = aws_apigatewayv2_stage.http.id
}

resource "aws_route53_record" "api" {
  zone_id = aws_route53_zone.main.zone_id
  name    = aws_apigatewayv2_domain_name.api.domain_name
  type    = "A"
  alias {
    name                   = aws_apigatewayv2_domain_name.api.domain_name_configuration[0].target_domain_name
    zone_id                = aws_apigatewayv2_domain_name.api.domain_name_configuration[0].hosted_zone_id
    evaluate_target_health = false
  }
}

# ---------------------------------------------------------------- outputs

output "http_api_endpoint" {
  value = aws_apigatewayv2_api.http.api_endpoint
}

output "ws_stage_invoke_url" {
  value = aws_apigatewayv2_stage.ws.invoke_url
}

output "user_pool_id" {
  value = aws_cognito_user_pool.users.id
}

output "state_machine_arn" {
  value = aws_sfn_state_machine.flow.arn
}

output "site_distribution_domain" {
  value = aws_cloudfront_distribution.site.domain_name
}

output "ssr_qualified_arn" {
  value = aws_lambda_function.ssr.qualified_arn
}
