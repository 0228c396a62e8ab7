# Plan-mode tests of the module itself (no AWS): the role may invoke exactly the workflow's
# functions, logging and tracing are on, and a definition that is not ASL is refused.
mock_provider "aws" {}

variables {
  name          = "acme-dev-projects-send-campaign"
  function_arns = ["arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-start-campaign"]
  definition    = "{\"StartAt\":\"start\",\"States\":{\"start\":{\"Type\":\"Pass\",\"End\":true}}}"
}

run "role_invokes_exactly_the_workflow_functions" {
  command = plan

  assert {
    condition = jsondecode(aws_iam_role_policy.this.policy).Statement[0] == {
      Sid    = "InvokeTaskFunctions"
      Effect = "Allow"
      Action = ["lambda:InvokeFunction"]
      Resource = [
        "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-start-campaign",
        "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-start-campaign:*",
      ]
    }
    error_message = "The role must invoke exactly the listed functions and their qualified versions."
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid] == ["InvokeTaskFunctions", "DeliverExecutionLogs", "WriteTraces"]
    error_message = "Besides invoking, the role may only deliver logs and traces."
  }

  assert {
    condition     = aws_sfn_state_machine.this.type == "STANDARD" && aws_sfn_state_machine.this.tracing_configuration[0].enabled && aws_sfn_state_machine.this.logging_configuration[0].level == "ERROR" && !aws_sfn_state_machine.this.logging_configuration[0].include_execution_data
    error_message = "State machines are STANDARD with tracing, and log errors without execution data (payloads, task tokens) by default."
  }

  assert {
    condition     = aws_cloudwatch_log_group.this.name == "/aws/vendedlogs/states/acme-dev-projects-send-campaign" && length(aws_cloudwatch_metric_alarm.this) == 0
    error_message = "Logs go to the vended-logs group; no alarm without an alarm topic."
  }
}

run "definitions_that_are_not_asl_are_refused" {
  command = plan

  variables {
    definition = "{\"Comment\":\"no states\"}"
  }

  expect_failures = [var.definition]
}
