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

locals {
  lambda_path = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function"
}

module "projects_http_routes" {
  source = "../../../../templates/terraform/modules/http_routes"

  api_id        = "a1b2c3d4e5"
  execution_arn = "arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5"
  authorizer_id = "abc123"

  routes = {
    list_projects = {
      route_key          = "GET /projects"
      function_name      = "acme-dev-projects-list-projects"
      invoke_arn         = "${local.lambda_path}:acme-dev-projects-list-projects/invocations"
      authorization_type = "JWT"
    }
    get_project = {
      route_key            = "GET /projects/{id}"
      function_name        = "acme-dev-projects-get-project"
      invoke_arn           = "${local.lambda_path}:acme-dev-projects-get-project/invocations"
      authorization_type   = "JWT"
      authorization_scopes = ["aws.cognito.signin.user.admin"]
    }
    get_file = {
      route_key          = "ANY /files/{proxy+}"
      function_name      = "acme-dev-projects-get-file"
      invoke_arn         = "${local.lambda_path}:acme-dev-projects-get-file/invocations"
      authorization_type = "JWT"
    }
    health = {
      route_key          = "GET /health"
      function_name      = "acme-dev-projects-health"
      invoke_arn         = "${local.lambda_path}:acme-dev-projects-health/invocations"
      authorization_type = "NONE"
    }
  }
}

output "route_ids" {
  value = module.projects_http_routes.route_ids
}
