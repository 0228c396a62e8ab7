variable "topic_name" {
  description = "Name of the dead-letter SNS topic ({app}-{stage}-{service}-dead-letters)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,256}$", var.topic_name))
    error_message = "topic_name must be 1-256 letters, digits, hyphens or underscores."
  }
}

variable "queue_name" {
  description = "Name of the SQS queue that keeps dead letters until someone looks at them."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.queue_name))
    error_message = "queue_name must be 1-80 letters, digits, hyphens or underscores (no .fifo: dead letters use a standard queue)."
  }
}

variable "kms_key_id" {
  description = "KMS key (id, ARN or alias) that encrypts the dead-letter topic; the AWS-managed alias/aws/sns by default."
  type        = string
  default     = "alias/aws/sns"
  nullable    = false

  validation {
    condition     = length(var.kms_key_id) > 0
    error_message = "kms_key_id must name a KMS key: dead letters carry user data and stay encrypted."
  }
}

variable "message_retention_seconds" {
  description = "How long dead letters stay in the queue, in seconds (60-1209600; default 14 days, the maximum)."
  type        = number
  default     = 1209600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600 && floor(var.message_retention_seconds) == var.message_retention_seconds
    error_message = "message_retention_seconds must be a whole number between 60 and 1209600."
  }
}

variable "alarm_topic_arn" {
  description = "SNS topic ARN alerted when the queue holds any message; null creates no alarm. Must be known at plan time."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be null or an SNS topic ARN."
  }
}
