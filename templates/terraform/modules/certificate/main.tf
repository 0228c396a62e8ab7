# The region is the caller's: pass `providers = { aws = aws.us_east_1 }` for a CloudFront
# certificate, the default provider for a regional (API Gateway) one.
locals {
  # Keyed by the configured names (known at plan time) rather than by the computed
  # validation options, so for_each never depends on values known only after apply.
  domain_names = toset(concat([var.domain_name], var.subject_alternative_names))

  validation_options = {
    for option in aws_acm_certificate.this.domain_validation_options : option.domain_name => option
  }
}

resource "aws_acm_certificate" "this" {
  domain_name               = var.domain_name
  subject_alternative_names = var.subject_alternative_names
  validation_method         = "DNS"

  options {
    certificate_transparency_logging_preference = "ENABLED"
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_route53_record" "validation" {
  for_each = local.domain_names

  zone_id = var.zone_id
  name    = local.validation_options[each.key].resource_record_name
  type    = local.validation_options[each.key].resource_record_type
  records = [local.validation_options[each.key].resource_record_value]
  ttl     = 60

  # `example.com` and `*.example.com` share one validation record.
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [for record in aws_route53_record.validation : record.fqdn]
}
