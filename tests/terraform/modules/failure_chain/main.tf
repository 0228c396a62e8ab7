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

module "projects_failure_chain" {
  source = "../../../../templates/terraform/modules/failure_chain"

  topic_name      = "acme-dev-projects-dead-letters"
  queue_name      = "acme-dev-projects-dead-letters"
  alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"
}

output "queue_url" {
  value = module.projects_failure_chain.queue_url
}
