locals {
  # One JSON object per request; fields from
  # https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
  access_log_format = jsonencode({
    requestId          = "$context.requestId"
    ip                 = "$context.identity.sourceIp"
    requestTime        = "$context.requestTime"
    httpMethod         = "$context.httpMethod"
    routeKey           = "$context.routeKey"
    path               = "$context.path"
    status             = "$context.status"
    protocol           = "$context.protocol"
    responseLength     = "$context.responseLength"
    responseLatency    = "$context.responseLatency"
    integrationStatus  = "$context.integrationStatus"
    integrationLatency = "$context.integrationLatency"
    integrationError   = "$context.integrationErrorMessage"
    authorizerError    = "$context.authorizer.error"
    userAgent          = "$context.identity.userAgent"
  })
}

resource "aws_apigatewayv2_api" "this" {
  name          = var.name
  protocol_type = "HTTP"

  dynamic "cors_configuration" {
    for_each = length(var.cors_origins) > 0 ? [var.cors_origins] : []

    content {
      allow_origins     = cors_configuration.value
      allow_methods     = var.cors_allow_methods
      allow_headers     = var.cors_allow_headers
      expose_headers    = var.cors_expose_headers
      allow_credentials = var.cors_allow_credentials
      max_age           = var.cors_max_age
    }
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:Access logs hold no secrets; CloudWatch Logs encrypts them at rest with its service key, a customer KMS key is outside the reference architecture.
  #checkov:skip=CKV_AWS_338:Retention is a per-stage choice (var.log_retention_days); dev stages deliberately keep logs for less than a year.
  name              = "/aws/apigateway/${var.name}/access"
  retention_in_days = var.log_retention_days

  tags = var.tags
}

resource "aws_apigatewayv2_stage" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.this.arn
    format          = local.access_log_format
  }

  default_route_settings {
    throttling_rate_limit  = var.throttling_rate_limit
    throttling_burst_limit = var.throttling_burst_limit
  }

  tags = var.tags
}

resource "aws_apigatewayv2_authorizer" "this" {
  count = var.jwt_issuer != null ? 1 : 0

  api_id           = aws_apigatewayv2_api.this.id
  name             = "jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.jwt_issuer
    audience = var.jwt_audience
  }

  lifecycle {
    precondition {
      condition     = length(var.jwt_audience) > 0
      error_message = "jwt_audience must list at least one app client id when jwt_issuer is set."
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "this" {
  alarm_name          = "${var.name}-5xx"
  alarm_description   = "HTTP API ${var.name} answered with server errors (5xx)."
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = var.alarm_5xx_threshold
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_topic_arn != null ? [var.alarm_topic_arn] : []
  ok_actions          = var.alarm_topic_arn != null ? [var.alarm_topic_arn] : []

  dimensions = {
    ApiId = aws_apigatewayv2_api.this.id
  }

  tags = var.tags
}
