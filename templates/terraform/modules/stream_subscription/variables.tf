variable "function_name" {
  description = "Name (or ARN) of the Lambda function consuming the stream. Its role needs dynamodb:DescribeStream, GetRecords, GetShardIterator and ListStreams on the stream, and sns:Publish / sqs:SendMessage on the on-failure destination."
  type        = string

  validation {
    condition     = length(var.function_name) >= 1 && length(var.function_name) <= 140
    error_message = "function_name must be 1-140 characters."
  }
}

variable "stream_arn" {
  description = "ARN of the DynamoDB table stream."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]+/stream/.+$", var.stream_arn))
    error_message = "stream_arn must be a DynamoDB stream ARN (arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>)."
  }
}

variable "starting_position" {
  description = "Where to start reading a new mapping: LATEST or TRIM_HORIZON."
  type        = string
  default     = "LATEST"

  validation {
    condition     = contains(["LATEST", "TRIM_HORIZON"], var.starting_position)
    error_message = "starting_position must be \"LATEST\" or \"TRIM_HORIZON\"."
  }
}

variable "batch_size" {
  description = "Maximum records per invocation (1-10000)."
  type        = number
  default     = 100

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10000 && floor(var.batch_size) == var.batch_size
    error_message = "batch_size must be a whole number between 1 and 10000."
  }
}

variable "maximum_batching_window_in_seconds" {
  description = "How long to gather records before invoking (0-300 seconds)."
  type        = number
  default     = 0

  validation {
    condition     = var.maximum_batching_window_in_seconds >= 0 && var.maximum_batching_window_in_seconds <= 300 && floor(var.maximum_batching_window_in_seconds) == var.maximum_batching_window_in_seconds
    error_message = "maximum_batching_window_in_seconds must be a whole number between 0 and 300."
  }
}

variable "maximum_retry_attempts" {
  description = "Retries of a failing batch before it goes to the on-failure destination (0-10000; -1 retries until the record expires)."
  type        = number
  default     = 3

  validation {
    condition     = var.maximum_retry_attempts >= -1 && var.maximum_retry_attempts <= 10000 && floor(var.maximum_retry_attempts) == var.maximum_retry_attempts
    error_message = "maximum_retry_attempts must be a whole number between -1 and 10000."
  }
}

variable "maximum_record_age_in_seconds" {
  description = "Discard records older than this, in seconds (60-604800; -1 keeps them until they expire from the stream)."
  type        = number
  default     = -1

  validation {
    condition     = var.maximum_record_age_in_seconds == -1 || (var.maximum_record_age_in_seconds >= 60 && var.maximum_record_age_in_seconds <= 604800 && floor(var.maximum_record_age_in_seconds) == var.maximum_record_age_in_seconds)
    error_message = "maximum_record_age_in_seconds must be -1 or a whole number between 60 and 604800."
  }
}

variable "on_failure_destination_arn" {
  description = "SNS topic or SQS queue ARN (the failure chain) receiving descriptions of records that failed for good."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:(sns|sqs):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+$", var.on_failure_destination_arn))
    error_message = "on_failure_destination_arn must be an SNS topic or SQS queue ARN."
  }
}
