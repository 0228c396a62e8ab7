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

# Minimal example of the alerts module.
module "alerts" {
  source = "../../../../templates/terraform/modules/alerts"

  name   = "acme-dev-alerts"
  emails = ["ops@acme.example", "oncall@acme.example"]
}

output "topic_arn" {
  value = module.alerts.topic_arn
}

output "topic_name" {
  value = module.alerts.topic_name
}
