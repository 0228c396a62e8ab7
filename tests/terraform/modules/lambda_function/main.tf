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
  region = "eu-west-1"
}

module "projects_create_project" {
  source = "../../../../templates/terraform/modules/lambda_function"

  function_name    = "acme-dev-projects-create-project"
  description      = "POST /projects"
  handler          = "index.handler"
  runtime          = "nodejs22.x"
  architecture     = "arm64"
  memory_size      = 256
  timeout          = 10
  filename         = "build/projects/createProject.zip"
  source_code_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="

  environment_variables = {
    PROJECTS_TABLE = "acme-dev-projects-projects"
    EVENT_BUS_NAME = "acme-dev-bus"
  }

  reserved_concurrent_executions = 5
  log_retention_days             = 14
  dead_letter_target_arn         = "arn:aws:sns:eu-west-1:123456789012:acme-dev-projects-dead-letters"
  alarm_topic_arn                = "arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"

  policy_statements = [
    {
      sid       = "WriteProjects"
      actions   = ["dynamodb:PutItem", "dynamodb:UpdateItem"]
      resources = ["arn:aws:dynamodb:eu-west-1:123456789012:table/acme-dev-projects-projects"]
    },
    {
      sid       = "PublishEvents"
      actions   = ["events:PutEvents"]
      resources = ["arn:aws:events:eu-west-1:123456789012:event-bus/acme-dev-bus"]
      conditions = [
        {
          test     = "StringEquals"
          variable = "events:source"
          values   = ["projects"]
        },
      ]
    },
  ]
}

output "function_arn" {
  value = module.projects_create_project.function_arn
}
