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

module "media_thumbnails" {
  source = "../../../../templates/terraform/modules/work_queue"

  queue_name                         = "acme-dev-media-thumbnails"
  visibility_timeout_seconds         = 60
  function_name                      = "acme-dev-media-make-thumbnail"
  batch_size                         = 50
  maximum_batching_window_in_seconds = 5
  maximum_concurrency                = 5
  alarm_topic_arn                    = "arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"
}

module "media_orders" {
  source = "../../../../templates/terraform/modules/work_queue"

  queue_name                  = "acme-dev-media-orders"
  fifo                        = true
  content_based_deduplication = true
  visibility_timeout_seconds  = 60
  function_name               = "acme-dev-media-process-order"
}

output "queue_urls" {
  value = [module.media_thumbnails.queue_url, module.media_orders.queue_url]
}
