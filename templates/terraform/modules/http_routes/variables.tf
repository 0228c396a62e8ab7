variable "api_id" {
  description = "ID of the existing HTTP API (created by the platform root)."
  type        = string

  validation {
    condition     = length(var.api_id) > 0
    error_message = "api_id must not be empty."
  }
}

variable "execution_arn" {
  description = "Execution ARN of the HTTP API (arn:aws:execute-api:<region>:<account>:<api_id>), used to scope invoke permissions."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:execute-api:[a-z0-9-]+:([0-9]{12})?:[a-z0-9]+$", var.execution_arn))
    error_message = "execution_arn must look like arn:aws:execute-api:<region>:<account>:<api_id>."
  }
}

variable "authorizer_id" {
  description = "ID of the API's JWT (Cognito) authorizer; required when any route uses JWT authorization."
  type        = string
  default     = null
}

variable "lambda_authorizer" {
  description = "The service's Lambda authorizer for its CUSTOM routes (null: none): its name, the function, identity sources and cache seconds (0-3600, 0: no cache)."
  type = object({
    name             = string
    function_name    = string
    invoke_arn       = string
    qualifier        = optional(string)
    identity_sources = list(string)
    ttl_seconds      = number
  })
  default = null

  validation {
    condition     = var.lambda_authorizer == null || (try(var.lambda_authorizer.ttl_seconds, 0) >= 0 && try(var.lambda_authorizer.ttl_seconds, 0) <= 3600)
    error_message = "lambda_authorizer.ttl_seconds must be between 0 and 3600."
  }

  validation {
    condition     = var.lambda_authorizer == null || try(var.lambda_authorizer.ttl_seconds, 0) == 0 || length(try(var.lambda_authorizer.identity_sources, [])) > 0
    error_message = "lambda_authorizer.identity_sources must not be empty while answers are cached (ttl_seconds > 0)."
  }
}

variable "integration_timeout_milliseconds" {
  description = "Integration timeout in milliseconds (50-30000)."
  type        = number
  default     = 30000

  validation {
    condition     = var.integration_timeout_milliseconds >= 50 && var.integration_timeout_milliseconds <= 30000
    error_message = "integration_timeout_milliseconds must be between 50 and 30000."
  }
}

variable "routes" {
  description = "Routes keyed by a stable id (e.g. the handler name): route key \"METHOD /path\", target function (invoke_arn and qualifier of the alias live when it has provisioned concurrency), and authorization (NONE for public routes, JWT for signed-in and group routes, CUSTOM for the Lambda authorizer's)."
  type = map(object({
    route_key            = string
    function_name        = string
    invoke_arn           = string
    qualifier            = optional(string)
    authorization_type   = string
    authorization_scopes = optional(list(string), [])
  }))

  validation {
    condition     = alltrue([for key in keys(var.routes) : can(regex("^[A-Za-z0-9_-]{1,64}$", key))])
    error_message = "routes keys must be 1-64 letters, digits, hyphens or underscores."
  }

  validation {
    condition = alltrue([
      for route in values(var.routes) :
      route.route_key == "$default" || can(regex("^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY) /[A-Za-z0-9._~{}+/-]*$", route.route_key))
    ])
    error_message = "Each route_key must be \"$default\" or \"METHOD /path\" with METHOD one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY."
  }

  validation {
    condition     = length(distinct([for route in values(var.routes) : route.route_key])) == length(var.routes)
    error_message = "Each route_key may appear only once."
  }

  validation {
    condition     = alltrue([for route in values(var.routes) : contains(["NONE", "JWT", "CUSTOM"], route.authorization_type)])
    error_message = "authorization_type must be \"NONE\" (public), \"JWT\" (signed-in or group) or \"CUSTOM\" (the Lambda authorizer)."
  }

  validation {
    condition     = alltrue([for route in values(var.routes) : route.authorization_type == "JWT" || length(route.authorization_scopes) == 0])
    error_message = "authorization_scopes are only allowed on JWT routes."
  }
}
