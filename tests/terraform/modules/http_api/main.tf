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

# Minimal example of the http_api module, checked with fmt, init, validate and checkov.
module "http_api" {
  source = "../../../../templates/terraform/modules/http_api"

  name                   = "acme-dev-api"
  cors_origins           = ["https://app.acme.example", "http://localhost:5173"]
  log_retention_days     = 14
  throttling_rate_limit  = 50
  throttling_burst_limit = 20
  jwt_issuer             = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEfGhI"
  jwt_audience           = ["1example23456789abcdefghij"]
  alarm_topic_arn        = "arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"
}

output "api_id" {
  value = module.http_api.api_id
}

output "api_endpoint" {
  value = module.http_api.api_endpoint
}

output "execution_arn" {
  value = module.http_api.execution_arn
}

output "authorizer_id" {
  value = module.http_api.authorizer_id
}

output "stage_name" {
  value = module.http_api.stage_name
}
