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
  #checkov:skip=CKV_AWS_26:The topic only relays dead letters to the SSE-encrypted queue; KMS on it would need a customer-managed key (aws/sns cannot be granted to service principals such as EventBridge), which this architecture does not use.
  name = var.topic_name
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
