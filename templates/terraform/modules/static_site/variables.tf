variable "name" {
  description = "Base name of the site's CloudFront objects and of the SSR function and role, built by the caller (for example `acme-dev-web`)."
  type        = string

  validation {
    # The SSR function and role are named "<name>-ssr" (64 characters at most).
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$", var.name))
    error_message = "name must be 1-60 characters of letters, digits, '-' or '_', starting with a letter or digit."
  }
}

variable "bucket_name" {
  description = "Globally unique name of the private bucket holding the built SPA, built by the caller (for example `acme-dev-web`)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.bucket_name)) && !startswith(var.bucket_name, "xn--") && !endswith(var.bucket_name, "-s3alias")
    error_message = "bucket_name must be 3-63 lowercase letters, digits or '-', start and end with a letter or digit, and not start with 'xn--' nor end with '-s3alias'."
  }
}

variable "frontend_config" {
  description = "JSON document served as `/config.json` (never cached): the Amplify JS configuration built by the caller (API and WebSocket URLs, region, user pool and client ids)."
  type        = string

  validation {
    condition     = can(jsondecode(var.frontend_config))
    error_message = "frontend_config must be a JSON document (use jsonencode())."
  }
}

variable "domain_name" {
  description = "Custom domain of the site (for example `app.acme.example`); null serves it on the CloudFront domain with the default certificate."
  type        = string
  default     = null

  validation {
    condition     = var.domain_name == null || try(length(var.domain_name) <= 253 && can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.domain_name)), false)
    error_message = "domain_name must be null or a lowercase fully qualified domain name of at most 253 characters."
  }
}

variable "certificate_arn" {
  description = "ARN of a validated ACM certificate for domain_name, issued in us-east-1 (CloudFront's region). Required when domain_name is set."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:us-east-1:[0-9]{12}:certificate/.+$", var.certificate_arn))
    error_message = "certificate_arn must be null or an ACM certificate ARN in us-east-1."
  }
}

variable "zone_id" {
  description = "Route 53 hosted zone id receiving the A/AAAA alias records of domain_name. Required when domain_name is set."
  type        = string
  default     = null

  validation {
    condition     = var.zone_id == null || can(regex("^[A-Z0-9]{1,32}$", var.zone_id))
    error_message = "zone_id must be null or a Route 53 hosted zone id (1-32 uppercase letters and digits) such as 'Z0123456789ABCDEFGHIJ'."
  }
}

variable "price_class" {
  description = "CloudFront price class: PriceClass_100 (North America and Europe), PriceClass_200 or PriceClass_All."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_100", "PriceClass_200", "PriceClass_All"], var.price_class)
    error_message = "price_class must be PriceClass_100, PriceClass_200 or PriceClass_All."
  }
}

variable "ssr" {
  description = "Server-side rendering: a Lambda@Edge function (in us-east-1, x86_64) attached as origin-request handler of the default behaviour. `filename` is a zip built by `scaffold build`; `source_code_hash` is null when it has not been built (destroy only). Destroy leaves the function in place (skip_destroy: AWS removes its replicas hours later). Null serves static files only."
  type = object({
    filename         = string
    source_code_hash = string
    runtime          = string
    handler          = optional(string, "index.handler")
    memory_size      = optional(number, 512)
    timeout          = optional(number, 10)
  })
  default = null

  validation {
    condition     = var.ssr == null || try(can(regex("^(nodejs|python)[0-9.]+x?$", var.ssr.runtime)), false)
    error_message = "ssr.runtime must be a Node.js or Python Lambda runtime (for example nodejs22.x or python3.13), the only families Lambda@Edge supports."
  }

  validation {
    condition     = var.ssr == null || try(var.ssr.timeout >= 1 && var.ssr.timeout <= 30 && var.ssr.memory_size >= 128 && var.ssr.memory_size <= 10240, false)
    error_message = "ssr.timeout must be 1-30 seconds and ssr.memory_size 128-10240 MB (Lambda@Edge origin-request limits)."
  }
}

variable "content_security_policy" {
  description = "Content-Security-Policy header of every response (null sends none)."
  type        = string
  default     = null

  validation {
    condition     = var.content_security_policy == null || try(length(var.content_security_policy) > 0 && length(var.content_security_policy) <= 1783, false)
    error_message = "content_security_policy must be 1-1783 characters (the CloudFront limit)."
  }
}

variable "force_destroy" {
  description = "Whether destroying the module also deletes every object of the bucket (convenient for ephemeral stages)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags added to every taggable resource."
  type        = map(string)
  default     = {}
}
