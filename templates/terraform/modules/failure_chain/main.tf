locals {
  # Partition, region and account come from the topic's own ARN, so the module needs no
  # STS call (aws_caller_identity) and the queue ARN is known before the queue exists.
  topic_arn_parts = split(":", aws_sns_topic.this.arn)
  partition       = local.topic_arn_parts[1]
  region          = local.topic_arn_parts[3]
  account_id      = local.topic_arn_parts[4]
  queue_arn       = "arn:${local.partition}:sqs:${local.region}:${local.account_id}:${var.queue_name}"

  queue_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DeliverFromDeadLetterTopic"
        Effect    = "Allow"
        Principal = { Service = "sns.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = local.queue_arn
        Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.this.arn } }
      },
      {
        Sid       = "DeliverFromEventBridgeRules"
        Effect    = "Allow"
        Principal = { Service = "events.amazonaws.com" }
        Action    = "sqs:SendMessage"
        Resource  = local.queue_arn
        Condition = {
          ArnLike      = { "aws:SourceArn" = "arn:${local.partition}:events:${local.region}:${local.account_id}:rule/*" }
          StringEquals = { "aws:SourceAccount" = local.account_id }
        }
      },
    ]
  }
}

resource "aws_sns_topic" "this" {
  name = var.topic_name
  # Dead letters are whole events (user data): encrypted at rest. Only Lambda publishes here
  # (async-invoke dead letters and stream on-failure destinations), with the function's own
  # role; the AWS-managed alias/aws/sns key lets every principal of the account use it
  # through SNS, so those roles need no KMS statement. EventBridge rules, which could not
  # use that key, send their dead letters to the queue directly. A customer-managed key
  # (kms_key_id) needs kms:GenerateDataKey* and kms:Decrypt in the publishers' policies.
  kms_master_key_id = var.kms_key_id
}

resource "aws_sqs_queue" "this" {
  name                      = var.queue_name
  message_retention_seconds = var.message_retention_seconds
  sqs_managed_sse_enabled   = true

  # Inline instead of aws_sqs_queue_policy: one API call fewer, and about 25 s faster per
  # create and delete on the emulator; identical on AWS.
  policy = jsonencode(local.queue_policy)
}

resource "aws_sns_topic_subscription" "this" {
  topic_arn            = aws_sns_topic.this.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.this.arn
  raw_message_delivery = true
}

resource "aws_cloudwatch_metric_alarm" "this" {
  count = var.alarm_topic_arn == null ? 0 : 1

  alarm_name          = "${var.queue_name}-visible"
  alarm_description   = "Dead letters are waiting in ${var.queue_name}: an asynchronous task failed for good."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.this.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}
