output "function_name" {
  description = "Name of the Lambda function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "ARN of the Lambda function (unqualified)."
  value       = aws_lambda_function.this.arn
}

output "invoke_arn" {
  description = "ARN used by API Gateway integrations to invoke the function."
  value       = aws_lambda_function.this.invoke_arn
}

output "role_name" {
  description = "Name of the function's execution role."
  value       = aws_iam_role.this.name
}

output "role_arn" {
  description = "ARN of the function's execution role."
  value       = aws_iam_role.this.arn
}

output "log_group_name" {
  description = "Name of the function's CloudWatch log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "alias_name" {
  description = "Name of the alias callers invoke (live), or null without provisioned concurrency."
  value       = one(aws_lambda_alias.live[*].name)
}

output "alias_arn" {
  description = "ARN of the alias live, or null without provisioned concurrency."
  value       = one(aws_lambda_alias.live[*].arn)
}

output "alias_invoke_arn" {
  description = "ARN API Gateway integrations use to invoke the alias live, or null without provisioned concurrency."
  value       = one(aws_lambda_alias.live[*].invoke_arn)
}
