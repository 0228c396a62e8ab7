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

module "projects_dashboard" {
  source = "../../../../templates/terraform/modules/dashboard"

  dashboard_name = "acme-dev-projects"
  dashboard_body = jsonencode({
    widgets = [
      {
        type   = "metric"
        x      = 0
        y      = 0
        width  = 12
        height = 6
        properties = {
          title   = "Lambda errors"
          region  = "eu-west-1"
          stat    = "Sum"
          period  = 60
          metrics = [["AWS/Lambda", "Errors", "FunctionName", "acme-dev-projects-create-project"]]
        }
      },
    ]
  })
}

output "dashboard_arn" {
  value = module.projects_dashboard.dashboard_arn
}
