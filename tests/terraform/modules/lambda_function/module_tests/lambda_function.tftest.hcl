# Plan-mode tests of the module itself (no AWS): optional parts appear only when asked, the
# role policy is least-privilege, and input that would weaken it is refused.
mock_provider "aws" {}

override_resource {
  target          = aws_cloudwatch_log_group.this
  override_during = plan
  values = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/acme-dev-projects-create-project"
  }
}

variables {
  function_name    = "acme-dev-projects-create-project"
  handler          = "index.handler"
  runtime          = "nodejs22.x"
  filename         = "build/createProject.zip"
  source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
}

run "defaults_give_a_traced_json_logging_function_without_extras" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.tracing_config[0].mode == "Active"
    error_message = "Tracing must default to Active."
  }

  assert {
    condition     = aws_lambda_function.this.logging_config[0].log_format == "JSON" && aws_lambda_function.this.logging_config[0].log_group == "/aws/lambda/acme-dev-projects-create-project"
    error_message = "Logs must be JSON and go to the function's own log group."
  }

  assert {
    condition     = aws_iam_role.this.name == "acme-dev-projects-create-project"
    error_message = "The role must default to the function name."
  }

  assert {
    condition     = length(aws_lambda_function.this.dead_letter_config) == 0 && length(aws_lambda_function.this.environment) == 0
    error_message = "No dead-letter config or environment block unless asked for."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.this) == 0
    error_message = "No alarms without an alarm topic."
  }

  assert {
    condition = jsondecode(aws_iam_role_policy.this.policy).Statement == [
      {
        Sid      = "WriteOwnLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = ["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/acme-dev-projects-create-project:*"]
      },
      {
        Sid      = "WriteTraces"
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = ["*"]
      },
    ]
    error_message = "Without extra statements the role may only write its own logs and traces."
  }

  assert {
    condition     = aws_lambda_function.this.architectures == tolist(["arm64"]) && aws_cloudwatch_log_group.this.retention_in_days == 30
    error_message = "Defaults must be arm64 and 30 days of log retention."
  }
}

run "alarm_topic_and_dead_letter_target_are_wired" {
  command = plan

  variables {
    alarm_topic_arn        = "arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"
    dead_letter_target_arn = "arn:aws:sqs:eu-west-1:123456789012:acme-dev-projects-dead-letters"
    environment_variables  = { PROJECTS_TABLE = "acme-dev-projects-projects" }
    tracing_mode           = "PassThrough"
    policy_statements = [
      {
        sid        = "ReadProjects"
        actions    = ["dynamodb:GetItem"]
        resources  = ["arn:aws:dynamodb:eu-west-1:123456789012:table/acme-dev-projects-projects"]
        conditions = [{ test = "StringEquals", variable = "aws:RequestedRegion", values = ["eu-west-1"] }]
      },
    ]
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid] == ["WriteOwnLogs", "SendDeadLetters", "ReadProjects"]
    error_message = "PassThrough tracing drops the X-Ray statement; dead letters and declared statements are added."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.this.policy).Statement[1].Action == ["sqs:SendMessage"] && jsondecode(aws_iam_role_policy.this.policy).Statement[1].Resource == ["arn:aws:sqs:eu-west-1:123456789012:acme-dev-projects-dead-letters"]
    error_message = "An SQS dead-letter target needs sqs:SendMessage on that queue only."
  }

  assert {
    condition     = jsondecode(aws_iam_role_policy.this.policy).Statement[2].Condition == { StringEquals = { "aws:RequestedRegion" = ["eu-west-1"] } }
    error_message = "Statement conditions must be passed through."
  }

  assert {
    condition     = toset(keys(aws_cloudwatch_metric_alarm.this)) == toset(["errors", "throttles"])
    error_message = "Errors and Throttles alarms must exist when an alarm topic is given."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.this["throttles"].metric_name == "Throttles" && aws_cloudwatch_metric_alarm.this["errors"].alarm_actions == toset(["arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"])
    error_message = "Alarms must watch the right metric and notify the alarm topic."
  }

  assert {
    condition     = aws_lambda_function.this.dead_letter_config[0].target_arn == "arn:aws:sqs:eu-west-1:123456789012:acme-dev-projects-dead-letters"
    error_message = "The dead-letter target must be configured."
  }

  assert {
    condition     = aws_lambda_function.this.environment[0].variables["PROJECTS_TABLE"] == "acme-dev-projects-projects"
    error_message = "Environment variables must be passed through."
  }
}

run "inputs_that_would_weaken_the_function_are_refused" {
  command = plan

  variables {
    environment_variables  = { AWS_REGION = "eu-west-1" }
    policy_statements      = [{ sid = "Everything", actions = ["dynamodb:*"], resources = ["arn:aws:dynamodb:eu-west-1:123456789012:table/t"] }]
    dead_letter_target_arn = "arn:aws:s3:::bucket"
  }

  expect_failures = [
    var.environment_variables,
    var.policy_statements,
    var.dead_letter_target_arn,
  ]
}

run "an_unbuilt_package_stops_the_plan_with_the_file_named" {
  command = plan

  # The root passes null when the zip does not exist (fresh clone): only destroy may go on.
  variables {
    source_code_hash = null
  }

  expect_failures = [aws_lambda_function.this]
}

run "by_default_512_mb_of_tmp_no_layers_no_vpc_and_no_network_permissions" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.ephemeral_storage[0].size == 512 && length(aws_lambda_function.this.layers) == 0 && length(aws_lambda_function.this.vpc_config) == 0
    error_message = "Without settings: 512 MB of /tmp (Lambda's free size), no layers, no VPC."
  }

  assert {
    condition     = !anytrue([for s in jsondecode(aws_iam_role_policy.this.policy).Statement : s.Sid == "ManageVpcNetworkInterfaces"])
    error_message = "A function outside a VPC must not get EC2 network-interface permissions."
  }
}

run "settings_reach_the_function_and_a_vpc_brings_the_eni_permissions" {
  command = plan

  variables {
    reserved_concurrent_executions = 25
    ephemeral_storage_size         = 2048
    layers                         = ["arn:aws:lambda:eu-west-1:123456789012:layer:shared:3", "arn:aws:lambda:eu-west-1:123456789012:layer:otel:12"]
    vpc_subnet_ids                 = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    vpc_security_group_ids         = ["sg-0123456789abcdef0"]
  }

  assert {
    condition     = aws_lambda_function.this.reserved_concurrent_executions == 25 && aws_lambda_function.this.ephemeral_storage[0].size == 2048
    error_message = "Reserved concurrency and ephemeral storage must reach the function."
  }

  assert {
    condition     = aws_lambda_function.this.layers == tolist(["arn:aws:lambda:eu-west-1:123456789012:layer:shared:3", "arn:aws:lambda:eu-west-1:123456789012:layer:otel:12"])
    error_message = "Layers must be applied in the order given."
  }

  assert {
    condition     = aws_lambda_function.this.vpc_config[0].subnet_ids == toset(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]) && aws_lambda_function.this.vpc_config[0].security_group_ids == toset(["sg-0123456789abcdef0"])
    error_message = "The function must go into the given subnets and security groups."
  }

  # Lambda creates the function's network interfaces with its execution role, at create
  # time: https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions
  assert {
    condition = contains(jsondecode(aws_iam_role_policy.this.policy).Statement, {
      Sid    = "ManageVpcNetworkInterfaces"
      Effect = "Allow"
      Action = [
        "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
        "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
      ]
      Resource = ["*"]
    })
    error_message = "A function in a VPC needs exactly the network-interface actions of AWSLambdaVPCAccessExecutionRole."
  }
}

run "bad_layers_vpc_ids_and_storage_are_refused" {
  command = plan

  variables {
    ephemeral_storage_size = 256
    layers                 = ["arn:aws:lambda:eu-west-1:123456789012:layer:shared"]
    vpc_subnet_ids         = ["subnet-0123456789abcdef0"]
    vpc_security_group_ids = []
  }

  expect_failures = [
    var.ephemeral_storage_size,
    var.layers,
    var.vpc_security_group_ids,
  ]
}

run "more_than_five_layers_are_refused" {
  command = plan

  variables {
    layers = [for v in range(1, 7) : "arn:aws:lambda:eu-west-1:123456789012:layer:shared:${v}"]
  }

  expect_failures = [var.layers]
}

run "no_provisioned_concurrency_publishes_nothing" {
  command = plan

  assert {
    condition     = aws_lambda_function.this.publish == false && length(aws_lambda_alias.live) == 0 && length(aws_lambda_provisioned_concurrency_config.live) == 0
    error_message = "Without provisioned concurrency there must be no published version, alias or concurrency configuration."
  }
}

run "provisioned_concurrency_lives_on_the_published_alias" {
  command = plan

  variables {
    provisioned_concurrency = 3
  }

  assert {
    condition     = aws_lambda_function.this.publish == true
    error_message = "Provisioned concurrency needs a published version (never $LATEST)."
  }

  assert {
    condition     = aws_lambda_alias.live[0].name == "live"
    error_message = "The alias callers invoke must be live."
  }

  assert {
    condition     = aws_lambda_provisioned_concurrency_config.live[0].provisioned_concurrent_executions == 3 && aws_lambda_provisioned_concurrency_config.live[0].qualifier == "live"
    error_message = "The concurrency configuration must hold the asked instances on the alias live."
  }
}

run "provisioned_concurrency_below_one_is_refused" {
  command = plan

  variables {
    provisioned_concurrency = 0
  }

  expect_failures = [var.provisioned_concurrency]
}
