variable "name" {
  description = "Physical name of the state machine ({app}-{stage}-{service}-{workflow}); also names its log group /aws/vendedlogs/states/<name>."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,80}$", var.name))
    error_message = "name must be 1-80 letters, digits, hyphens or underscores."
  }
}

variable "role_name" {
  description = "Name of the execution role; null uses name."
  type        = string
  default     = null

  validation {
    condition     = var.role_name == null || can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 characters of letters, digits and +=,.@_- (or null to use name, which must then be at most 64 characters)."
  }
}

variable "definition" {
  description = "Amazon States Language definition (JSON string, built by scaffold from the blueprint)."
  type        = string

  validation {
    condition     = can(jsondecode(var.definition).StartAt) && can(jsondecode(var.definition).States)
    error_message = "definition must be a JSON Amazon States Language document with StartAt and States."
  }
}

variable "function_arns" {
  description = "ARNs of the Lambda functions the workflow invokes; the role may invoke exactly these (and their versions/aliases)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for arn in var.function_arns : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+$", arn))])
    error_message = "function_arns must be unqualified Lambda function ARNs."
  }
}

variable "log_retention_days" {
  description = "Retention of the execution log group, in days (a value CloudWatch Logs accepts)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "alarm_topic_arn" {
  description = "SNS topic ARN alerted on ExecutionsFailed; null creates no alarm. Must be known at plan time."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be null or an SNS topic ARN."
  }
}

variable "log_level" {
  description = "Execution events sent to the log group: ALL, ERROR, FATAL or OFF. ERROR by default: failures are logged, successful steps are not."
  type        = string
  default     = "ERROR"

  validation {
    condition     = contains(["ALL", "ERROR", "FATAL", "OFF"], var.log_level)
    error_message = "log_level must be ALL, ERROR, FATAL or OFF."
  }
}

variable "log_execution_data" {
  description = "Include state input and output in the logs. Off by default: payloads and task tokens may hold user data and credentials for resuming the workflow."
  type        = bool
  default     = false
}
