output "api_id" {
  description = "Id of the WebSocket API (routes, integrations and the stage attach to it)."
  value       = aws_apigatewayv2_api.this.id
}

output "api_endpoint" {
  description = "Endpoint of the API, `wss://<id>.execute-api.<region>.amazonaws.com`; clients connect to `<endpoint>/<stage>`."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "execution_arn" {
  description = "Execution ARN of the API: prefix of invoke-permission `source_arn`s and of `execute-api:ManageConnections` resources."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "logging_role_arn" {
  description = "ARN of the API Gateway CloudWatch role set in the account's settings (null when manage_logging_role is false)."
  value       = var.manage_logging_role ? aws_iam_role.logging[0].arn : null
}
