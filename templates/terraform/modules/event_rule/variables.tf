variable "rules" {
  description = "EventBridge rules keyed by a stable id (e.g. the handler name). Exactly one of event_pattern (JSON) and schedule_expression is set; schedules live on the default bus."
  type = map(object({
    name                  = string
    description           = optional(string, "")
    event_bus_name        = string
    event_pattern         = optional(string)
    schedule_expression   = optional(string)
    function_arn          = string
    function_name         = string
    retry_attempts        = optional(number, 185)
    max_event_age_seconds = optional(number, 86400)
    dead_letter_arn       = string
  }))

  validation {
    condition     = alltrue([for key in keys(var.rules) : can(regex("^[A-Za-z0-9_-]{1,64}$", key))])
    error_message = "rules keys must be 1-64 letters, digits, hyphens or underscores."
  }

  validation {
    condition     = alltrue([for rule in values(var.rules) : can(regex("^[A-Za-z0-9._-]{1,64}$", rule.name))])
    error_message = "Each rule name must be 1-64 letters, digits, dots, hyphens or underscores."
  }

  validation {
    condition     = alltrue([for rule in values(var.rules) : length(rule.description) <= 512])
    error_message = "Each rule description must be at most 512 characters."
  }

  validation {
    condition     = alltrue([for rule in values(var.rules) : (rule.event_pattern == null) != (rule.schedule_expression == null)])
    error_message = "Each rule needs exactly one of event_pattern and schedule_expression."
  }

  validation {
    condition     = alltrue([for rule in values(var.rules) : rule.event_pattern == null || can(jsondecode(rule.event_pattern))])
    error_message = "event_pattern must be a JSON document."
  }

  validation {
    condition     = alltrue([for rule in values(var.rules) : rule.schedule_expression == null || can(regex("^(rate\\(.+\\)|cron\\(.+\\))$", rule.schedule_expression))])
    error_message = "schedule_expression must be rate(...) or cron(...)."
  }

  validation {
    condition     = alltrue([for rule in values(var.rules) : rule.schedule_expression == null || rule.event_bus_name == "default"])
    error_message = "Scheduled rules must use the \"default\" event bus."
  }

  validation {
    condition     = alltrue([for rule in values(var.rules) : can(regex("^[A-Za-z0-9._/-]{1,256}$", rule.event_bus_name)) || can(regex("^arn:aws[a-z-]*:events:", rule.event_bus_name))])
    error_message = "event_bus_name must be a bus name (letters, digits, . _ / -) or a bus ARN."
  }

  validation {
    condition     = alltrue([for rule in values(var.rules) : rule.retry_attempts >= 0 && rule.retry_attempts <= 185 && floor(rule.retry_attempts) == rule.retry_attempts])
    error_message = "retry_attempts must be a whole number between 0 and 185."
  }

  validation {
    condition     = alltrue([for rule in values(var.rules) : rule.max_event_age_seconds >= 60 && rule.max_event_age_seconds <= 86400 && floor(rule.max_event_age_seconds) == rule.max_event_age_seconds])
    error_message = "max_event_age_seconds must be a whole number between 60 and 86400."
  }

  validation {
    condition     = alltrue([for rule in values(var.rules) : can(regex("^arn:aws[a-z-]*:sqs:", rule.dead_letter_arn))])
    error_message = "dead_letter_arn must be an SQS queue ARN (EventBridge dead-letter queues are SQS only)."
  }
}
