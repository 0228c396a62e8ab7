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

module "projects_event_rules" {
  source = "../../../../templates/terraform/modules/event_rule"

  rules = {
    on_user_signed_up = {
      name           = "acme-dev-projects-on-user-signed-up"
      description    = "users.UserSignedUp -> onUserSignedUp"
      event_bus_name = "acme-dev-bus"
      event_pattern = jsonencode({
        source        = ["users"]
        "detail-type" = ["UserSignedUp"]
      })
      function_arn          = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-on-user-signed-up"
      function_name         = "acme-dev-projects-on-user-signed-up"
      retry_attempts        = 3
      max_event_age_seconds = 3600
      dead_letter_arn       = "arn:aws:sqs:eu-west-1:123456789012:acme-dev-projects-dead-letters"
    }
    nightly = {
      name                = "acme-dev-projects-nightly"
      event_bus_name      = "default"
      schedule_expression = "rate(1 day)"
      function_arn        = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-nightly"
      function_name       = "acme-dev-projects-nightly"
      dead_letter_arn     = "arn:aws:sqs:eu-west-1:123456789012:acme-dev-projects-dead-letters"
    }
  }
}

output "rule_arns" {
  value = module.projects_event_rules.rule_arns
}
