output "topic_arn" {
  description = "ARN of the dead-letter topic: the target for Lambda async DLQs and stream on-failure destinations."
  value       = aws_sns_topic.this.arn
}

output "queue_arn" {
  description = "ARN of the dead-letter queue: the target for EventBridge rule dead-letter configs."
  value       = aws_sqs_queue.this.arn
}

output "queue_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.this.url
}

output "queue_name" {
  description = "Name of the dead-letter queue."
  value       = aws_sqs_queue.this.name
}
