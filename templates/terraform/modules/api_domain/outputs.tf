output "domain_name" {
  description = "The custom domain name; the API is served at `https://<domain_name>/`."
  value       = aws_apigatewayv2_domain_name.this.domain_name
}

output "target_domain_name" {
  description = "Regional API Gateway domain name that the alias record points to."
  value       = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].target_domain_name
}
