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

# Minimal example of the event_bus module.
module "event_bus" {
  source = "../../../../templates/terraform/modules/event_bus"

  name                   = "acme-dev-bus"
  archive_retention_days = 7
}

output "bus_name" {
  value = module.event_bus.bus_name
}

output "bus_arn" {
  value = module.event_bus.bus_arn
}
