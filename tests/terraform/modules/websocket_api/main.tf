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

# Minimal example of the websocket_api module.
module "websocket_api" {
  source = "../../../../templates/terraform/modules/websocket_api"

  name = "acme-dev-projects-ws"
  tags = { service = "projects" }
}

output "api_id" {
  value = module.websocket_api.api_id
}

output "api_endpoint" {
  value = module.websocket_api.api_endpoint
}

output "execution_arn" {
  value = module.websocket_api.execution_arn
}
