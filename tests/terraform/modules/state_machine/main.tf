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
  start_campaign = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-start-campaign"
  await_status   = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-await-status"
}

module "projects_send_campaign" {
  source = "../../../../templates/terraform/modules/state_machine"

  name               = "acme-dev-projects-send-campaign"
  function_arns      = [local.start_campaign, local.await_status]
  log_retention_days = 14
  alarm_topic_arn    = "arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"

  definition = jsonencode({
    StartAt = "startCampaign"
    States = {
      startCampaign = {
        Type     = "Task"
        Resource = "arn:aws:states:::lambda:invoke"
        Parameters = {
          FunctionName = local.start_campaign
          "Payload.$"  = "$"
        }
        Next = "awaitStatus"
      }
      awaitStatus = {
        Type     = "Task"
        Resource = "arn:aws:states:::lambda:invoke.waitForTaskToken"
        Parameters = {
          FunctionName = local.await_status
          Payload = {
            "input.$"     = "$"
            "taskToken.$" = "$$.Task.Token"
          }
        }
        End = true
      }
    }
  })
}

output "state_machine_arn" {
  value = module.projects_send_campaign.state_machine_arn
}
