variable "queue_name" {
  description = "Name of the queue without the .fifo suffix ({app}-{stage}-{service}-{queue}); the dead-letter queue adds -dlq."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,71}$", var.queue_name))
    error_message = "queue_name must be 1-71 letters, digits, hyphens or underscores (SQS allows 80 with -dlq.fifo)."
  }
}

variable "fifo" {
  description = "A FIFO queue (and FIFO dead-letter queue): ordered per message group, deduplicated."
  type        = bool
  default     = false
  nullable    = false
}

variable "content_based_deduplication" {
  description = "FIFO only: deduplicate by a SHA-256 of the body instead of a sender-given id."
  type        = bool
  default     = false
  nullable    = false
}

variable "visibility_timeout_seconds" {
  description = "Seconds a received message stays hidden (0-43200); AWS recommends 6x the function timeout plus the batching window."
  type        = number

  validation {
    condition     = var.visibility_timeout_seconds >= 0 && var.visibility_timeout_seconds <= 43200 && floor(var.visibility_timeout_seconds) == var.visibility_timeout_seconds
    error_message = "visibility_timeout_seconds must be a whole number between 0 and 43200."
  }
}

variable "message_retention_seconds" {
  description = "How long an unconsumed message is kept, in seconds (60-1209600; default 4 days)."
  type        = number
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 60 && var.message_retention_seconds <= 1209600 && floor(var.message_retention_seconds) == var.message_retention_seconds
    error_message = "message_retention_seconds must be a whole number between 60 and 1209600."
  }
}

variable "max_receive_count" {
  description = "Receives of a message before it moves to the dead-letter queue (1-1000)."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000 && floor(var.max_receive_count) == var.max_receive_count
    error_message = "max_receive_count must be a whole number between 1 and 1000."
  }
}

variable "function_name" {
  description = "Name (or ARN) of the consuming Lambda function. Its role needs sqs:ReceiveMessage, DeleteMessage and GetQueueAttributes on the queue."
  type        = string

  validation {
    condition     = length(var.function_name) >= 1 && length(var.function_name) <= 140
    error_message = "function_name must be 1-140 characters."
  }
}

variable "batch_size" {
  description = "Maximum messages per invocation (1-10000; FIFO at most 10; over 10 needs a batching window)."
  type        = number
  default     = 10

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10000 && floor(var.batch_size) == var.batch_size
    error_message = "batch_size must be a whole number between 1 and 10000."
  }
}

variable "maximum_batching_window_in_seconds" {
  description = "How long to gather messages before invoking (0-300 seconds; ignored for FIFO queues, which do not support it)."
  type        = number
  default     = 0

  validation {
    condition     = var.maximum_batching_window_in_seconds >= 0 && var.maximum_batching_window_in_seconds <= 300 && floor(var.maximum_batching_window_in_seconds) == var.maximum_batching_window_in_seconds
    error_message = "maximum_batching_window_in_seconds must be a whole number between 0 and 300."
  }
}

variable "maximum_concurrency" {
  description = "Most concurrent invocations the queue starts (2-1000); null: no limit but the function's."
  type        = number
  default     = null

  validation {
    condition     = var.maximum_concurrency == null ? true : (var.maximum_concurrency >= 2 && var.maximum_concurrency <= 1000 && floor(var.maximum_concurrency) == var.maximum_concurrency)
    error_message = "maximum_concurrency must be null or a whole number between 2 and 1000."
  }
}

variable "alarm_topic_arn" {
  description = "SNS topic ARN alerted when the dead-letter queue holds any message; null creates no alarm. Must be known at plan time."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be null or an SNS topic ARN."
  }
}
