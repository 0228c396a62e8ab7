locals {
  role_name = coalesce(var.role_name, var.name)

  policy_statements = concat(
    length(var.function_arns) == 0 ? [] : [{
      Sid      = "InvokeTaskFunctions"
      Effect   = "Allow"
      Action   = ["lambda:InvokeFunction"]
      Resource = concat(var.function_arns, [for arn in var.function_arns : "${arn}:*"])
    }],
    [
      {
        Sid    = "DeliverExecutionLogs"
        Effect = "Allow"
        Action = [
          "logs:CreateLogDelivery",
          "logs:GetLogDelivery",
          "logs:UpdateLogDelivery",
          "logs:DeleteLogDelivery",
          "logs:ListLogDeliveries",
          "logs:PutResourcePolicy",
          "logs:DescribeResourcePolicies",
          "logs:DescribeLogGroups",
        ]
        # CloudWatch Logs vended-log delivery actions support no resource-level permissions;
        # AWS documents "*" as the required resource for Step Functions logging.
        Resource = ["*"]
      },
      {
        Sid    = "WriteTraces"
        Effect = "Allow"
        Action = [
          "xray:PutTraceSegments",
          "xray:PutTelemetryRecords",
          "xray:GetSamplingRules",
          "xray:GetSamplingTargets",
        ]
        # X-Ray offers no resource-level permissions for these actions: "*" is the only valid resource.
        Resource = ["*"]
      },
    ],
  )
}

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts log data at rest by default; a customer-managed KMS key is not part of this architecture.
  #checkov:skip=CKV_AWS_338:Retention is a blueprint setting per stage (log_retention_days); short retention outside production is deliberate.
  # The /aws/vendedlogs/ prefix keeps the log group's resource policy small (AWS recommendation for vended logs).
  name              = "/aws/vendedlogs/states/${var.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "this" {
  name        = local.role_name
  description = "Execution role of state machine ${var.name}"
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

resource "aws_iam_role_policy" "this" {
  name   = "permissions"
  role   = aws_iam_role.this.id
  policy = jsonencode({ Version = "2012-10-17", Statement = local.policy_statements })
}

resource "aws_sfn_state_machine" "this" {
  #checkov:skip=CKV_AWS_285:Execution data (state input and output: request payloads, task tokens that resume the workflow) is left out of CloudWatch by default; errors are always logged, and a workflow opts in with log_execution_data.
  name       = var.name
  type       = "STANDARD"
  role_arn   = aws_iam_role.this.arn
  definition = var.definition

  logging_configuration {
    level                  = var.log_level
    include_execution_data = var.log_execution_data
    log_destination        = "${aws_cloudwatch_log_group.this.arn}:*"
  }

  tracing_configuration {
    enabled = true
  }

  # Step Functions checks the role's logging permissions when the machine is created.
  depends_on = [aws_iam_role_policy.this]
}

resource "aws_cloudwatch_metric_alarm" "this" {
  count = var.alarm_topic_arn == null ? 0 : 1

  alarm_name          = "${var.name}-executions-failed"
  alarm_description   = "An execution of state machine ${var.name} failed, timed out or was aborted."
  namespace           = "AWS/States"
  metric_name         = "ExecutionsFailed"
  dimensions          = { StateMachineArn = aws_sfn_state_machine.this.arn }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}
