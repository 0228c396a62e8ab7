output "queue_arn" {
  description = "ARN of the work queue (producers get sqs:SendMessage on it)."
  value       = aws_sqs_queue.this.arn
}

output "queue_url" {
  description = "URL of the work queue (what the send helpers address)."
  value       = aws_sqs_queue.this.url
}

output "queue_name" {
  description = "Name of the work queue."
  value       = aws_sqs_queue.this.name
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.arn
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.url
}

output "event_source_mapping_uuid" {
  description = "UUID of the event source mapping that feeds the function."
  value       = aws_lambda_event_source_mapping.this.uuid
}
