output "bucket_name" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the bucket; object permissions use `<bucket_arn>/*`."
  value       = aws_s3_bucket.this.arn
}
