variable "api_id" {
  description = "ID of the existing WebSocket API (created by the platform root)."
  type        = string

  validation {
    condition     = length(var.api_id) > 0
    error_message = "api_id must not be empty."
  }
}

variable "execution_arn" {
  description = "Execution ARN of the WebSocket API (arn:aws:execute-api:<region>:<account>:<api_id>), used to scope invoke permissions."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:execute-api:[a-z0-9-]+:([0-9]{12})?:[a-z0-9]+$", var.execution_arn))
    error_message = "execution_arn must look like arn:aws:execute-api:<region>:<account>:<api_id>."
  }
}

variable "stage_name" {
  description = "Name of the stage to create and deploy (usually the blueprint stage, e.g. dev)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,128}$", var.stage_name))
    error_message = "stage_name must be 1-128 letters, digits, hyphens or underscores."
  }
}

variable "access_log_group_name" {
  description = "Name of the CloudWatch log group created for the stage's access logs."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_./#-]{1,512}$", var.access_log_group_name))
    error_message = "access_log_group_name must be 1-512 characters of letters, digits and _ . / # -."
  }
}

variable "log_retention_days" {
  description = "Retention of the access log group, in days (a value CloudWatch Logs accepts)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "throttling_burst_limit" {
  description = "Default route throttling burst limit (requests)."
  type        = number
  default     = 200

  validation {
    condition     = var.throttling_burst_limit >= 0 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a whole number >= 0."
  }
}

variable "throttling_rate_limit" {
  description = "Default route throttling steady-state rate limit (requests per second)."
  type        = number
  default     = 100

  validation {
    condition     = var.throttling_rate_limit >= 0
    error_message = "throttling_rate_limit must be >= 0."
  }
}

variable "routes" {
  description = "Routes keyed by a stable id (e.g. the handler name): route key ($connect, $disconnect, $default or a custom action) and the target function."
  type = map(object({
    route_key     = string
    function_name = string
    invoke_arn    = string
  }))

  validation {
    condition     = length(var.routes) > 0
    error_message = "routes must contain at least one route (a deployment needs one)."
  }

  validation {
    condition     = alltrue([for key in keys(var.routes) : can(regex("^[A-Za-z0-9_-]{1,64}$", key))])
    error_message = "routes keys must be 1-64 letters, digits, hyphens or underscores."
  }

  validation {
    condition     = alltrue([for route in values(var.routes) : can(regex("^(\\$connect|\\$disconnect|\\$default|[A-Za-z0-9_.:-]{1,128})$", route.route_key))])
    error_message = "Each route_key must be $connect, $disconnect, $default or a custom action of 1-128 letters, digits and _ . : -."
  }

  validation {
    condition     = length(distinct([for route in values(var.routes) : route.route_key])) == length(var.routes)
    error_message = "Each route_key may appear only once."
  }
}
