output "bucket_name" {
  description = "Name of the site bucket; deploy the built SPA into it (keep `config.json`, which this module manages)."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the site bucket."
  value       = aws_s3_bucket.this.arn
}

output "distribution_id" {
  description = "Id of the CloudFront distribution (for cache invalidations after a deploy)."
  value       = aws_cloudfront_distribution.this.id
}

output "distribution_domain_name" {
  description = "Domain name of the distribution, `<id>.cloudfront.net`."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "distribution_arn" {
  description = "ARN of the CloudFront distribution."
  value       = aws_cloudfront_distribution.this.arn
}

output "site_url" {
  description = "HTTPS URL of the site: the custom domain when set, else the CloudFront domain. Use it as the CORS origin of the APIs and upload buckets."
  value       = local.custom_domain ? "https://${var.domain_name}" : "https://${aws_cloudfront_distribution.this.domain_name}"
}
