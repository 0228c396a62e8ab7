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

# Example of the user_pool module with MFA, a trigger and groups.
module "user_pool" {
  source = "../../../../templates/terraform/modules/user_pool"

  name                = "acme-dev-users"
  mfa_configuration   = "OPTIONAL"
  deletion_protection = "INACTIVE"

  triggers = {
    post_confirmation = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-users-onSignedUp"
  }

  groups = {
    admin  = "Administrators"
    member = "Members"
  }
}

output "user_pool_id" {
  value = module.user_pool.user_pool_id
}

output "user_pool_arn" {
  value = module.user_pool.user_pool_arn
}

output "user_pool_endpoint" {
  value = module.user_pool.user_pool_endpoint
}

output "client_id" {
  value = module.user_pool.client_id
}

output "issuer_url" {
  value = module.user_pool.issuer_url
}
