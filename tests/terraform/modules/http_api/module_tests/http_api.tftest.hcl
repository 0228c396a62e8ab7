# Plan-mode tests of the module itself (mock provider, no AWS): CORS and the JWT authorizer
# exist only when asked for, the stage logs and throttles, and bad input is refused.
mock_provider "aws" {}

variables {
  name                   = "acme-dev-api"
  cors_origins           = ["https://app.acme.example"]
  throttling_rate_limit  = 50
  throttling_burst_limit = 20
  jwt_issuer             = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI"
  jwt_audience           = ["1example23456789abcdefghij"]
  alarm_topic_arn        = "arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"
}

run "full_api_has_cors_authorizer_logs_throttling_and_alarm" {
  command = plan

  assert {
    condition     = aws_apigatewayv2_api.this.protocol_type == "HTTP" && contains(aws_apigatewayv2_api.this.cors_configuration[0].allow_origins, "https://app.acme.example")
    error_message = "The HTTP API must allow the configured CORS origins."
  }

  assert {
    condition     = aws_apigatewayv2_stage.this.name == "$default" && aws_apigatewayv2_stage.this.auto_deploy
    error_message = "The stage must be the auto-deployed $default stage."
  }

  assert {
    condition     = aws_apigatewayv2_stage.this.default_route_settings[0].throttling_rate_limit == 50 && aws_apigatewayv2_stage.this.default_route_settings[0].throttling_burst_limit == 20
    error_message = "Default route throttling must come from the variables."
  }

  assert {
    condition     = can(jsondecode(aws_apigatewayv2_stage.this.access_log_settings[0].format).requestId)
    error_message = "Access logs must be JSON with the request id."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/apigateway/acme-dev-api/access" && aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "Access logs must go to the API's own log group with the default retention."
  }

  assert {
    condition     = length(aws_apigatewayv2_authorizer.this) == 1 && aws_apigatewayv2_authorizer.this[0].authorizer_type == "JWT"
    error_message = "A JWT authorizer must exist when jwt_issuer is set."
  }

  assert {
    condition     = aws_apigatewayv2_authorizer.this[0].identity_sources == toset(["$request.header.Authorization"])
    error_message = "The JWT comes from the Authorization header."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this.metric_name == "5xx" && aws_cloudwatch_metric_alarm.this.alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"])
    error_message = "The 5xx alarm must notify the alerts topic."
  }
}

run "public_api_has_no_cors_nor_authorizer" {
  command = plan

  variables {
    cors_origins    = []
    jwt_issuer      = null
    jwt_audience    = []
    alarm_topic_arn = null
  }

  assert {
    condition     = length(aws_apigatewayv2_api.this.cors_configuration) == 0
    error_message = "No CORS block when no origin is given."
  }

  assert {
    condition     = length(aws_apigatewayv2_authorizer.this) == 0 && output.authorizer_id == null
    error_message = "No authorizer (and a null authorizer_id) without jwt_issuer."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.this.alarm_actions) == 0
    error_message = "The alarm has no action without a topic."
  }
}

run "issuer_without_audience_is_refused" {
  command = plan

  variables {
    jwt_audience = []
  }

  expect_failures = [aws_apigatewayv2_authorizer.this]
}

run "unsupported_log_retention_is_refused" {
  command = plan

  variables {
    log_retention_days = 10
  }

  expect_failures = [var.log_retention_days]
}

run "cors_settings_reach_the_api" {
  command = plan

  variables {
    cors_allow_methods     = ["GET", "POST"]
    cors_allow_headers     = ["authorization", "content-type", "x-request-id"]
    cors_expose_headers    = ["x-request-id"]
    cors_allow_credentials = true
    cors_max_age           = 600
  }

  assert {
    condition     = aws_apigatewayv2_api.this.cors_configuration[0].allow_methods == toset(["GET", "POST"]) && aws_apigatewayv2_api.this.cors_configuration[0].allow_headers == toset(["authorization", "content-type", "x-request-id"])
    error_message = "Methods and headers must reach the CORS configuration."
  }

  assert {
    condition     = aws_apigatewayv2_api.this.cors_configuration[0].expose_headers == toset(["x-request-id"]) && aws_apigatewayv2_api.this.cors_configuration[0].allow_credentials && aws_apigatewayv2_api.this.cors_configuration[0].max_age == 600
    error_message = "Exposed headers, credentials and max age must reach the CORS configuration."
  }
}

run "credentials_for_any_origin_are_refused" {
  command = plan

  variables {
    cors_origins           = ["*"]
    cors_allow_credentials = true
  }

  expect_failures = [var.cors_allow_credentials]
}
