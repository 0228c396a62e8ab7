# Plan-mode tests of the module itself (no AWS): every target retries and dead-letters,
# and rules that EventBridge would reject are refused early.
mock_provider "aws" {}

variables {
  rules = {
    on_user_signed_up = {
      name            = "acme-dev-projects-on-user-signed-up"
      event_bus_name  = "acme-dev-bus"
      event_pattern   = "{\"source\":[\"users\"],\"detail-type\":[\"UserSignedUp\"]}"
      function_arn    = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-on-user-signed-up"
      function_name   = "acme-dev-projects-on-user-signed-up"
      retry_attempts  = 4
      dead_letter_arn = "arn:aws:sqs:eu-west-1:123456789012:acme-dev-projects-dead-letters"
    }
  }
}

run "targets_retry_and_dead_letter" {
  command = plan

  assert {
    condition     = aws_cloudwatch_event_target.this["on_user_signed_up"].retry_policy[0].maximum_retry_attempts == 4 && aws_cloudwatch_event_target.this["on_user_signed_up"].retry_policy[0].maximum_event_age_in_seconds == 86400
    error_message = "The target must carry the retry policy (explicit attempts, default age)."
  }

  assert {
    condition     = aws_cloudwatch_event_target.this["on_user_signed_up"].dead_letter_config[0].arn == "arn:aws:sqs:eu-west-1:123456789012:acme-dev-projects-dead-letters"
    error_message = "The target must dead-letter to the failure chain's queue."
  }

  assert {
    condition     = aws_cloudwatch_event_rule.this["on_user_signed_up"].event_bus_name == "acme-dev-bus" && aws_lambda_permission.this["on_user_signed_up"].principal == "events.amazonaws.com"
    error_message = "The rule must live on the given bus and EventBridge must be allowed to invoke."
  }
}

# One invalid rule per run: var.rules is a single checkable object, so a combined run would
# pass as soon as any one of its validations failed.
run "schedules_on_a_custom_bus_are_refused" {
  command = plan

  variables {
    rules = {
      nightly = {
        name                = "acme-dev-projects-nightly"
        event_bus_name      = "acme-dev-bus"
        schedule_expression = "rate(1 day)"
        function_arn        = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-nightly"
        function_name       = "acme-dev-projects-nightly"
        dead_letter_arn     = "arn:aws:sqs:eu-west-1:123456789012:acme-dev-projects-dead-letters"
      }
    }
  }

  expect_failures = [var.rules]
}

run "a_rule_needs_exactly_one_trigger" {
  command = plan

  variables {
    rules = {
      both = {
        name                = "acme-dev-projects-both"
        event_bus_name      = "default"
        event_pattern       = "{\"source\":[\"users\"]}"
        schedule_expression = "rate(1 day)"
        function_arn        = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-both"
        function_name       = "acme-dev-projects-both"
        dead_letter_arn     = "arn:aws:sqs:eu-west-1:123456789012:acme-dev-projects-dead-letters"
      }
    }
  }

  expect_failures = [var.rules]
}
