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

module "projects_table_projects" {
  source = "../../../../templates/terraform/modules/dynamodb_table"

  table_name       = "acme-dev-projects-projects"
  hash_key         = "id"
  range_key        = "version"
  range_key_type   = "N"
  stream_view_type = "NEW_AND_OLD_IMAGES"
  ttl_attribute    = "expiresAt"

  global_secondary_indexes = {
    by-owner = {
      hash_key       = "ownerId"
      range_key      = "createdAt"
      range_key_type = "S"
    }
    by-status = {
      hash_key           = "status"
      projection_type    = "INCLUDE"
      non_key_attributes = ["name"]
    }
  }
}

output "stream_arn" {
  value = module.projects_table_projects.stream_arn
}
