output "stage_name" {
  description = "Name of the deployed stage."
  value       = aws_apigatewayv2_stage.this.name
}

output "invoke_url" {
  description = "wss:// URL clients connect to."
  value       = aws_apigatewayv2_stage.this.invoke_url
}

output "stage_arn" {
  description = "ARN of the stage."
  value       = aws_apigatewayv2_stage.this.arn
}

output "access_log_group_name" {
  description = "Name of the stage's access log group."
  value       = aws_cloudwatch_log_group.access.name
}
