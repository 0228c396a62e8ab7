output "api_id" {
  description = "Id of the HTTP API (routes and integrations attach to it)."
  value       = aws_apigatewayv2_api.this.id
}

output "api_endpoint" {
  description = "Default endpoint of the API, `https://<id>.execute-api.<region>.amazonaws.com`; the `$default` stage is served at its root."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "execution_arn" {
  description = "Execution ARN of the API, the prefix of `source_arn` in Lambda invoke permissions."
  value       = aws_apigatewayv2_api.this.execution_arn
}

output "authorizer_id" {
  description = "Id of the JWT authorizer, or null when jwt_issuer is null."
  value       = one(aws_apigatewayv2_authorizer.this[*].id)
}

output "stage_name" {
  description = "Name of the auto-deployed stage (`$default`)."
  value       = aws_apigatewayv2_stage.this.name
}
