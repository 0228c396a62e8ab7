output "rule_arns" {
  description = "Rule ARNs keyed like var.rules."
  value       = { for key, rule in aws_cloudwatch_event_rule.this : key => rule.arn }
}

output "rule_names" {
  description = "Rule names keyed like var.rules."
  value       = { for key, rule in aws_cloudwatch_event_rule.this : key => rule.name }
}
