variable "name" {
  description = "Name of the HTTP API, built by the caller (for example `acme-dev-api`). Also names the access-log group and the 5xx alarm."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$", var.name))
    error_message = "name must be 1-120 characters of letters, digits, '.', '-' or '_', starting with a letter or digit."
  }
}

variable "cors_origins" {
  description = "Origins allowed by CORS (for example the SPA URL). An empty list creates no CORS configuration."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for origin in var.cors_origins : can(regex("^(\\*|https?://[^/\\s]+)$", origin))])
    error_message = "Each CORS origin must be '*' or a scheme and host without a path, such as 'https://app.example.com' or 'http://localhost:5173'."
  }
}

variable "cors_allow_methods" {
  description = "HTTP methods allowed by CORS, or [\"*\"]."
  type        = list(string)
  default     = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

  validation {
    condition     = alltrue([for m in var.cors_allow_methods : contains(["*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"], m)])
    error_message = "cors_allow_methods must hold GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or *."
  }
}

variable "cors_allow_headers" {
  description = "Request headers allowed by CORS, or [\"*\"]."
  type        = list(string)
  default     = ["authorization", "content-type"]
}

variable "cors_expose_headers" {
  description = "Response headers a browser script may read."
  type        = list(string)
  default     = []
}

variable "cors_allow_credentials" {
  description = "Whether browsers may send credentials (cookies, TLS client certificates, Authorization with credentials mode). API Gateway refuses it with a * origin."
  type        = bool
  default     = false

  validation {
    condition     = !(var.cors_allow_credentials && contains(var.cors_origins, "*"))
    error_message = "cors_allow_credentials cannot be true when cors_origins contains \"*\"."
  }
}

variable "cors_max_age" {
  description = "Seconds a browser may cache a preflight response (0-86400)."
  type        = number
  default     = 3600

  validation {
    condition     = var.cors_max_age >= 0 && var.cors_max_age <= 86400 && floor(var.cors_max_age) == var.cors_max_age
    error_message = "cors_max_age must be a whole number of seconds between 0 and 86400."
  }
}

variable "log_retention_days" {
  description = "Retention of the access-log group, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the CloudWatch Logs values: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "throttling_rate_limit" {
  description = "Default steady-state request rate limit of every route, in requests per second."
  type        = number
  default     = 100

  validation {
    condition     = var.throttling_rate_limit > 0
    error_message = "throttling_rate_limit must be a positive number of requests per second."
  }
}

variable "throttling_burst_limit" {
  description = "Default burst limit of every route, in requests."
  type        = number
  default     = 50

  validation {
    condition     = var.throttling_burst_limit > 0 && floor(var.throttling_burst_limit) == var.throttling_burst_limit
    error_message = "throttling_burst_limit must be a positive whole number of requests."
  }
}

variable "jwt_issuer" {
  description = "Issuer URL of the JWT authorizer (a Cognito user pool's `https://cognito-idp.<region>.amazonaws.com/<pool id>`). Null creates no authorizer."
  type        = string
  default     = null

  validation {
    condition     = var.jwt_issuer == null || can(regex("^https://[^\\s]+$", var.jwt_issuer))
    error_message = "jwt_issuer must be null or an https:// URL."
  }
}

variable "jwt_audience" {
  description = "Audiences accepted by the JWT authorizer (the user pool app client ids). Required when jwt_issuer is set."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for audience in var.jwt_audience : length(audience) > 0])
    error_message = "jwt_audience entries must be non-empty strings (app client ids)."
  }
}

variable "alarm_topic_arn" {
  description = "SNS topic notified when the 5xx alarm changes state. Null keeps the alarm without actions."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be null or an SNS topic ARN."
  }
}

variable "alarm_5xx_threshold" {
  description = "Number of 5xx responses within five minutes that raises the alarm."
  type        = number
  default     = 1

  validation {
    condition     = var.alarm_5xx_threshold >= 1 && floor(var.alarm_5xx_threshold) == var.alarm_5xx_threshold
    error_message = "alarm_5xx_threshold must be a whole number of at least 1."
  }
}

variable "tags" {
  description = "Tags added to every taggable resource."
  type        = map(string)
  default     = {}
}
