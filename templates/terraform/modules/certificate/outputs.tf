output "certificate_arn" {
  description = "ARN of the certificate, available only once DNS validation has completed."
  value       = aws_acm_certificate_validation.this.certificate_arn
}
