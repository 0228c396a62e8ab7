output "user_pool_id" {
  description = "Id of the user pool."
  value       = aws_cognito_user_pool.this.id
}

output "user_pool_arn" {
  description = "ARN of the user pool (the resource of `cognito-idp:*` permissions such as ListUsers)."
  value       = aws_cognito_user_pool.this.arn
}

output "user_pool_endpoint" {
  description = "Endpoint of the pool without scheme, `cognito-idp.<region>.amazonaws.com/<pool id>`."
  value       = aws_cognito_user_pool.this.endpoint
}

output "client_id" {
  description = "Id of the SPA app client (no secret), the audience of the JWT authorizer."
  value       = aws_cognito_user_pool_client.this.id
}

output "issuer_url" {
  description = "Token issuer URL, `https://<user_pool_endpoint>`, for the HTTP API JWT authorizer."
  value       = "https://${aws_cognito_user_pool.this.endpoint}"
}

output "hosted_ui_domain" {
  description = "Domain of the hosted UI, `<prefix>.auth.<region>.amazoncognito.com`; null without var.domain_prefix."
  value       = var.domain_prefix == null ? null : "${aws_cognito_user_pool_domain.this[0].domain}.auth.${data.aws_region.current.id}.amazoncognito.com"
}
