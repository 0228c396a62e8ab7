# Plan-mode tests (mock provider, no AWS): WebSocket stage logging needs the account's API
# Gateway CloudWatch role, so by default the module sets one (the setting is account-wide).
mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = { partition = "aws" }
  }
}

variables {
  name = "acme-dev-websocket"
}

run "the_account_gets_a_cloudwatch_role_by_default" {
  command = plan

  assert {
    condition     = length(aws_api_gateway_account.this) == 1
    error_message = "The module sets the account's API Gateway CloudWatch role."
  }

  assert {
    condition     = aws_iam_role.logging[0].name == "acme-dev-websocket-logs" && jsondecode(aws_iam_role.logging[0].assume_role_policy).Statement[0].Principal.Service == "apigateway.amazonaws.com"
    error_message = "The role is named after the API and only API Gateway may assume it."
  }

  assert {
    condition     = aws_iam_role_policy_attachment.logging[0].policy_arn == "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
    error_message = "The role may push logs to CloudWatch (the AWS managed policy made for it)."
  }
}

run "an_existing_account_setting_is_left_alone" {
  command = plan

  variables {
    manage_logging_role = false
  }

  assert {
    condition     = length(aws_api_gateway_account.this) == 0 && length(aws_iam_role.logging) == 0
    error_message = "With manage_logging_role = false the account's setting is not touched."
  }
}
