variable "domain_name" {
  description = "Custom domain of the API (for example `api.acme.example`)."
  type        = string

  validation {
    condition     = length(var.domain_name) <= 253 && can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name))
    error_message = "domain_name must be a lowercase fully qualified domain name of at most 253 characters."
  }
}

variable "certificate_arn" {
  description = "ARN of a validated ACM certificate for domain_name, in the API's region."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be an ACM certificate ARN."
  }
}

variable "api_id" {
  description = "Id of the API Gateway v2 API served on the domain."
  type        = string

  validation {
    condition     = length(var.api_id) > 0
    error_message = "api_id must be a non-empty API id."
  }
}

variable "stage" {
  description = "Stage of the API mapped to the domain root."
  type        = string
  default     = "$default"

  validation {
    condition     = can(regex("^(\\$default|[A-Za-z0-9_-]{1,128})$", var.stage))
    error_message = "stage must be '$default' or 1-128 characters of letters, digits, '-' or '_'."
  }
}

variable "zone_id" {
  description = "Route 53 hosted zone id that receives the alias record."
  type        = string

  validation {
    condition     = can(regex("^[A-Z0-9]{1,32}$", var.zone_id))
    error_message = "zone_id must be a Route 53 hosted zone id (1-32 uppercase letters and digits) such as 'Z0123456789ABCDEFGHIJ'."
  }
}

variable "tags" {
  description = "Tags added to the domain name."
  type        = map(string)
  default     = {}
}
