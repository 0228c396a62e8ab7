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

module "projects_on_project_changed" {
  source = "../../../../templates/terraform/modules/stream_subscription"

  function_name              = "acme-dev-projects-on-project-changed"
  stream_arn                 = "arn:aws:dynamodb:eu-west-1:123456789012:table/acme-dev-projects-projects/stream/2025-01-01T00:00:00.000"
  starting_position          = "TRIM_HORIZON"
  batch_size                 = 50
  maximum_retry_attempts     = 5
  on_failure_destination_arn = "arn:aws:sns:eu-west-1:123456789012:acme-dev-projects-dead-letters"
}

output "event_source_mapping_uuid" {
  value = module.projects_on_project_changed.event_source_mapping_uuid
}
