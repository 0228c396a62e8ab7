output "route_ids" {
  description = "Route IDs keyed like var.routes."
  value       = { for key, route in aws_apigatewayv2_route.this : key => route.id }
}

output "integration_ids" {
  description = "Integration IDs keyed like var.routes."
  value       = { for key, integration in aws_apigatewayv2_integration.this : key => integration.id }
}

output "lambda_authorizer_id" {
  description = "ID of the service's Lambda authorizer (null when it has none)."
  value       = one(aws_apigatewayv2_authorizer.lambda[*].id)
}
