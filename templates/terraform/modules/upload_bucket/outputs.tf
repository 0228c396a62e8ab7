output "bucket_name" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the bucket; presign permissions use `<bucket_arn>/<prefix>*`."
  value       = aws_s3_bucket.this.arn
}
