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

module "projects_websocket_routes" {
  source = "../../../../templates/terraform/modules/websocket_routes"

  api_id                = "w1x2y3z4a5"
  execution_arn         = "arn:aws:execute-api:eu-west-1:123456789012:w1x2y3z4a5"
  stage_name            = "dev"
  access_log_group_name = "/aws/apigateway/acme-dev-websocket/dev"
  log_retention_days    = 14

  routes = {
    on_connect = {
      route_key     = "$connect"
      function_name = "acme-dev-projects-on-connect"
      invoke_arn    = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-on-connect/invocations"
    }
    on_disconnect = {
      route_key     = "$disconnect"
      function_name = "acme-dev-projects-on-disconnect"
      invoke_arn    = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-on-disconnect/invocations"
    }
    on_subscribe = {
      route_key     = "subscribe"
      function_name = "acme-dev-projects-on-subscribe"
      invoke_arn    = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-on-subscribe/invocations"
    }
  }
}

output "invoke_url" {
  value = module.projects_websocket_routes.invoke_url
}
