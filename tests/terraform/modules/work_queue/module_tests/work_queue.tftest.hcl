# Plan-mode tests of the module itself (no AWS): the redrive to the module's own dead-letter
# queue, partial batch failure reporting, encryption, the dead-letter alarm, FIFO rules.
mock_provider "aws" {}

override_resource {
  target          = aws_sqs_queue.dead_letter
  override_during = plan
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:acme-dev-media-thumbnails-dlq"
  }
}

override_resource {
  target          = aws_sqs_queue.this
  override_during = plan
  values = {
    arn = "arn:aws:sqs:eu-west-1:123456789012:acme-dev-media-thumbnails"
  }
}

variables {
  queue_name                 = "acme-dev-media-thumbnails"
  visibility_timeout_seconds = 60
  function_name              = "acme-dev-media-make-thumbnail"
  max_receive_count          = 3
  maximum_concurrency        = 5
  alarm_topic_arn            = "arn:aws:sns:eu-west-1:123456789012:acme-dev-alerts"
}

run "failed_messages_are_redriven_to_the_own_dead_letter_queue" {
  command = plan

  assert {
    condition = jsondecode(aws_sqs_queue.this.redrive_policy) == {
      deadLetterTargetArn = "arn:aws:sqs:eu-west-1:123456789012:acme-dev-media-thumbnails-dlq"
      maxReceiveCount     = 3
    }
    error_message = "The queue must redrive to its own dead-letter queue after max_receive_count receives."
  }

  assert {
    condition     = aws_sqs_queue.dead_letter.name == "acme-dev-media-thumbnails-dlq" && aws_sqs_queue.dead_letter.message_retention_seconds == 1209600
    error_message = "The dead-letter queue is <queue>-dlq and keeps messages 14 days (the SQS maximum)."
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.dead_letter) == 1 && aws_cloudwatch_metric_alarm.dead_letter[0].dimensions.QueueName == "acme-dev-media-thumbnails-dlq" && aws_cloudwatch_metric_alarm.dead_letter[0].metric_name == "ApproximateNumberOfMessagesVisible" && aws_cloudwatch_metric_alarm.dead_letter[0].threshold == 0
    error_message = "Any message in the dead-letter queue must raise the alarm."
  }
}

run "the_consumer_reports_partial_batch_failures" {
  command = plan

  assert {
    condition     = aws_lambda_event_source_mapping.this.function_response_types == toset(["ReportBatchItemFailures"])
    error_message = "The event source mapping must let the handler report failed messages one by one."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.this.event_source_arn == "arn:aws:sqs:eu-west-1:123456789012:acme-dev-media-thumbnails" && aws_lambda_event_source_mapping.this.scaling_config[0].maximum_concurrency == 5
    error_message = "The mapping reads the work queue with the given maximum concurrency."
  }
}

run "both_queues_are_encrypted_at_rest" {
  command = plan

  assert {
    condition     = aws_sqs_queue.this.sqs_managed_sse_enabled && aws_sqs_queue.dead_letter.sqs_managed_sse_enabled
    error_message = "Messages carry user data: SSE-SQS on the queue and its dead-letter queue."
  }
}

run "a_fifo_queue_has_a_fifo_dead_letter_queue_and_no_batching_window" {
  command = plan

  variables {
    fifo                               = true
    content_based_deduplication        = true
    maximum_batching_window_in_seconds = 5
  }

  assert {
    condition     = aws_sqs_queue.this.name == "acme-dev-media-thumbnails.fifo" && aws_sqs_queue.this.fifo_queue && aws_sqs_queue.this.content_based_deduplication
    error_message = "A FIFO queue's name ends in .fifo."
  }

  assert {
    condition     = aws_sqs_queue.dead_letter.name == "acme-dev-media-thumbnails-dlq.fifo" && aws_sqs_queue.dead_letter.fifo_queue
    error_message = "The dead-letter queue of a FIFO queue must be FIFO too."
  }

  assert {
    condition     = aws_lambda_event_source_mapping.this.maximum_batching_window_in_seconds == null
    error_message = "Lambda supports no batching window for FIFO queues."
  }
}

run "maximum_concurrency_below_two_is_refused" {
  command = plan

  variables {
    maximum_concurrency = 1
  }

  expect_failures = [var.maximum_concurrency]
}
