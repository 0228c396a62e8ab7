# Plan-mode test of the module itself (no AWS): the inline queue policy, derived from the
# topic's ARN, lets in exactly this topic and this account's EventBridge rules.
mock_provider "aws" {}

override_resource {
  target          = aws_sns_topic.this
  override_during = plan
  values = {
    arn = "arn:aws:sns:eu-west-1:123456789012:acme-dev-projects-dead-letters"
  }
}

variables {
  topic_name      = "acme-dev-projects-dead-letters"
  queue_name      = "acme-dev-projects-dead-letter-queue"
  alarm_topic_arn = "arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"
}

run "queue_policy_admits_only_the_topic_and_local_rules" {
  command = plan

  assert {
    condition = jsondecode(aws_sqs_queue.this.policy).Statement == [
      {
        Sid       = "DeliverFromDeadLetterTopic"
        Effect    = "Allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:123456789012:acme-dev-projects-dead-letter-queue"
        Condition = { ArnEquals = { "aws:SourceArn" = "arn:aws:sns:eu-west-1:123456789012:acme-dev-projects-dead-letters" } }
      },
      {
        Sid       = "DeliverFromEventBridgeRules"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = "arn:aws:sqs:eu-west-1:123456789012:acme-dev-projects-dead-letter-queue"
        Condition = {
          ArnLike      = { "aws:SourceArn" = "arn:aws:events:eu-west-1:123456789012:rule/*" }
          StringEquals = { "aws:SourceAccount" = "123456789012" }
        }
      },
    ]
    error_message = "The queue policy must admit only this topic and this account's EventBridge rules."
  }

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled && aws_sns_topic_subscription.this.raw_message_delivery && aws_sns_topic_subscription.this.protocol == "sqs"
    error_message = "Dead letters must be delivered raw to an SSE-encrypted queue."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.this) == 1 && aws_cloudwatch_metric_alarm.this[0].metric_name == "ApproximateNumberOfMessagesVisible" && aws_cloudwatch_metric_alarm.this[0].threshold == 0
    error_message = "Any visible dead letter must raise the alarm."
  }
}

run "dead_letters_are_encrypted_at_rest" {
  command = plan

  assert {
    condition     = aws_sns_topic.this.kms_master_key_id == "alias/aws/sns"
    error_message = "The dead-letter topic carries whole events (user data): SSE with the AWS-managed key at least."
  }

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled == true
    error_message = "The dead-letter queue is encrypted (SSE-SQS)."
  }
}

run "the_topic_key_cannot_be_switched_off" {
  command = plan

  variables {
    kms_key_id = ""
  }

  expect_failures = [var.kms_key_id]
}
