output "topic_arn" {
  description = "ARN of the alerts topic, the `alarm_actions` target of every alarm."
  value       = aws_sns_topic.this.arn
}

output "topic_name" {
  description = "Name of the alerts topic."
  value       = aws_sns_topic.this.name
}
