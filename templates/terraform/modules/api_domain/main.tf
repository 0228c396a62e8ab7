resource "aws_apigatewayv2_domain_name" "this" {
  domain_name = var.domain_name

  domain_name_configuration {
    certificate_arn = var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
    # IPv4 and IPv6 callers; the mapped API may stay IPv4-only (AWS allows mixing).
    ip_address_type = "dualstack"
  }

  tags = var.tags
}

resource "aws_apigatewayv2_api_mapping" "this" {
  api_id      = var.api_id
  domain_name = aws_apigatewayv2_domain_name.this.id
  stage       = var.stage
}

resource "aws_route53_record" "this" {
  # Keyed on the record type only: zone_id may be unknown at plan time (zone in the same root).
  for_each = toset(["A", "AAAA"])

  zone_id = var.zone_id
  name    = aws_apigatewayv2_domain_name.this.domain_name
  type    = each.key

  alias {
    name                   = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].target_domain_name
    zone_id                = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].hosted_zone_id
    evaluate_target_health = false
  }
}
