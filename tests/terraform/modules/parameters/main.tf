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

# Example of the parameters module: one secret set out of band, one published value.
module "parameters" {
  source = "../../../../templates/terraform/modules/parameters"

  secure = {
    "/acme/dev/projects/saas-api-key" = {
      description = "API key of the SaaS used by the projects service."
    }
  }

  plain = {
    "/acme/dev/platform/bus-name" = {
      value       = "acme-dev-bus"
      description = "Name of the platform event bus."
    }
  }
}

output "parameter_arns" {
  value = module.parameters.parameter_arns
}

output "parameter_names" {
  value = module.parameters.parameter_names
}
