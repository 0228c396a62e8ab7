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

# Minimal example of the api_domain module.
module "api_domain" {
  source = "../../../../templates/terraform/modules/api_domain"

  domain_name     = "api.acme.example"
  certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  api_id          = "a1b2c3d4e5"
  zone_id         = "Z0123456789ABCDEFGHIJ"
}

output "domain_name" {
  value = module.api_domain.domain_name
}

output "target_domain_name" {
  value = module.api_domain.target_domain_name
}
