locals {
  suffix = var.fifo ? ".fifo" : ""
}

# Messages that failed max_receive_count times wait here (14 days) until someone looks.
# The dead-letter queue of a FIFO queue must itself be FIFO.
resource "aws_sqs_queue" "dead_letter" {
  name                      = "${var.queue_name}-dlq${local.suffix}"
  fifo_queue                = var.fifo ? true : null
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "this" {
  name                        = "${var.queue_name}${local.suffix}"
  fifo_queue                  = var.fifo ? true : null
  content_based_deduplication = var.fifo ? var.content_based_deduplication : null
  visibility_timeout_seconds  = var.visibility_timeout_seconds
  message_retention_seconds   = var.message_retention_seconds
  sqs_managed_sse_enabled     = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dead_letter.arn
    maxReceiveCount     = var.max_receive_count
  })
}

resource "aws_lambda_event_source_mapping" "this" {
  function_name                      = var.function_name
  event_source_arn                   = aws_sqs_queue.this.arn
  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = var.fifo ? null : var.maximum_batching_window_in_seconds

  # Handlers return batchItemFailures: only the failed messages become visible again.
  function_response_types = ["ReportBatchItemFailures"]

  dynamic "scaling_config" {
    for_each = var.maximum_concurrency == null ? [] : [var.maximum_concurrency]
    content {
      maximum_concurrency = scaling_config.value
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "dead_letter" {
  count = var.alarm_topic_arn == null ? 0 : 1

  alarm_name          = "${var.queue_name}-dlq-visible"
  alarm_description   = "Messages of ${aws_sqs_queue.this.name} failed ${var.max_receive_count} times and wait in ${aws_sqs_queue.dead_letter.name}."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dead_letter.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.alarm_topic_arn]
  ok_actions          = [var.alarm_topic_arn]
}
