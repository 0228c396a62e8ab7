variable "function_name" {
  description = "Physical name of the function ({app}-{stage}-{service}-{name}); also names its log group /aws/lambda/<name>."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,64}$", var.function_name))
    error_message = "function_name must be 1-64 characters of letters, digits, hyphens and underscores."
  }
}

variable "description" {
  description = "Human-readable description of the function."
  type        = string
  default     = ""

  validation {
    condition     = length(var.description) <= 256
    error_message = "description must be at most 256 characters."
  }
}

variable "role_name" {
  description = "Name of the execution role; null uses function_name."
  type        = string
  default     = null

  validation {
    condition     = var.role_name == null || can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 characters of letters, digits and +=,.@_- (or null to use function_name)."
  }
}

variable "handler" {
  description = "Entry point inside the package, e.g. index.handler (Node.js) or app.handler (Python)."
  type        = string

  validation {
    condition     = can(regex("^[^\\s]{1,128}$", var.handler))
    error_message = "handler must be 1-128 characters without whitespace, e.g. index.handler."
  }
}

variable "runtime" {
  description = "Lambda runtime identifier: nodejsNN.x or python3.NN."
  type        = string

  validation {
    condition     = can(regex("^(nodejs[0-9]+\\.x|python3\\.[0-9]+)$", var.runtime))
    error_message = "runtime must be a Node.js (nodejs22.x) or Python (python3.13) runtime identifier."
  }
}

variable "architecture" {
  description = "Instruction set architecture: arm64 or x86_64."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be \"arm64\" or \"x86_64\"."
  }
}

variable "memory_size" {
  description = "Memory in MB (128-10240)."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240 && floor(var.memory_size) == var.memory_size
    error_message = "memory_size must be a whole number of MB between 128 and 10240."
  }
}

variable "timeout" {
  description = "Timeout in seconds (1-900)."
  type        = number
  default     = 10

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900 && floor(var.timeout) == var.timeout
    error_message = "timeout must be a whole number of seconds between 1 and 900."
  }
}

variable "filename" {
  description = "Path of the deployment package (zip) built by scaffold build."
  type        = string

  validation {
    condition     = length(var.filename) > 0
    error_message = "filename must not be empty."
  }
}

variable "source_code_hash" {
  description = "Base64-encoded SHA-256 of the package (filebase64sha256(filename)); a change triggers a code update. Null when the zip has not been built: accepted by destroy only, any other plan stops with a precondition naming the missing file."
  type        = string
  nullable    = true

  validation {
    condition     = var.source_code_hash == null || try(length(var.source_code_hash) > 0, false)
    error_message = "source_code_hash must not be empty."
  }
}

variable "environment_variables" {
  description = "Environment variables (non-secret wiring only: table names, ARNs, parameter names)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for key in keys(var.environment_variables) : can(regex("^[A-Za-z][A-Za-z0-9_]+$", key))])
    error_message = "environment_variables keys must start with a letter and contain only letters, digits and underscores (at least 2 characters)."
  }

  validation {
    condition = length(setintersection(keys(var.environment_variables), [
      "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
      "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
      "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
      "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
      "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
    ])) == 0
    error_message = "environment_variables must not set keys reserved by the Lambda runtime (AWS_REGION, AWS_LAMBDA_*, _HANDLER, LAMBDA_TASK_ROOT, ...)."
  }
}

variable "reserved_concurrent_executions" {
  description = "Reserved concurrency; null leaves the function unreserved, 0 disables it."
  type        = number
  default     = null

  validation {
    condition     = var.reserved_concurrent_executions == null || try(var.reserved_concurrent_executions >= 0 && floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions, false)
    error_message = "reserved_concurrent_executions must be null or a whole number >= 0."
  }
}

variable "provisioned_concurrency" {
  description = "Instances kept initialized on the alias live (null: no published version, no alias)."
  type        = number
  default     = null

  validation {
    condition     = var.provisioned_concurrency == null || try(var.provisioned_concurrency >= 1 && floor(var.provisioned_concurrency) == var.provisioned_concurrency, false)
    error_message = "provisioned_concurrency must be null or a whole number >= 1."
  }
}

variable "ephemeral_storage_size" {
  description = "Size of the function's /tmp in MB (512-10240; 512 is included in the price)."
  type        = number
  default     = 512

  validation {
    condition     = var.ephemeral_storage_size >= 512 && var.ephemeral_storage_size <= 10240 && floor(var.ephemeral_storage_size) == var.ephemeral_storage_size
    error_message = "ephemeral_storage_size must be a whole number of MB between 512 and 10240."
  }
}

variable "layers" {
  description = "Lambda layer version ARNs (at most 5), applied in this order."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.layers) <= 5
    error_message = "A function can use at most 5 layers."
  }

  validation {
    condition     = alltrue([for arn in var.layers : can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:[A-Za-z0-9_-]{1,140}:[0-9]+$", arn))])
    error_message = "Each layer must be a layer version ARN: arn:aws:lambda:<region>:<account>:layer:<name>:<version>."
  }
}

variable "vpc_subnet_ids" {
  description = "Subnets the function's network interfaces go into; empty: the function runs outside any VPC. The role then gets the EC2 network-interface permissions Lambda needs."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.vpc_subnet_ids : can(regex("^subnet-[0-9a-f]{8}([0-9a-f]{9})?$", id))])
    error_message = "Each subnet id must look like subnet-0123456789abcdef0."
  }

  validation {
    condition     = length(var.vpc_subnet_ids) <= 16
    error_message = "A function can use at most 16 subnets."
  }
}

variable "vpc_security_group_ids" {
  description = "Security groups of the function's network interfaces; required (1-5) with vpc_subnet_ids, empty without."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for id in var.vpc_security_group_ids : can(regex("^sg-[0-9a-f]{8}([0-9a-f]{9})?$", id))])
    error_message = "Each security group id must look like sg-0123456789abcdef0."
  }

  validation {
    condition     = (length(var.vpc_subnet_ids) == 0) == (length(var.vpc_security_group_ids) == 0) && length(var.vpc_security_group_ids) <= 5
    error_message = "vpc_security_group_ids needs 1-5 ids when vpc_subnet_ids is set, and none without."
  }
}

variable "tracing_mode" {
  description = "X-Ray tracing mode: Active (sample and trace) or PassThrough."
  type        = string
  default     = "Active"

  validation {
    condition     = contains(["Active", "PassThrough"], var.tracing_mode)
    error_message = "tracing_mode must be \"Active\" or \"PassThrough\"."
  }
}

variable "log_retention_days" {
  description = "Retention of the function's log group, in days (a value CloudWatch Logs accepts)."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "policy_statements" {
  description = "Least-privilege IAM statements for the execution role (log writing, X-Ray and dead-letter access are added by the module)."
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
    conditions = optional(list(object({
      test     = string
      variable = string
      values   = list(string)
    })), [])
  }))
  default = []

  validation {
    condition     = alltrue([for s in var.policy_statements : can(regex("^[A-Za-z0-9]{1,100}$", s.sid))])
    error_message = "Each policy statement sid must be 1-100 letters or digits."
  }

  validation {
    condition     = length(distinct([for s in var.policy_statements : s.sid])) == length(var.policy_statements)
    error_message = "Policy statement sids must be unique."
  }

  validation {
    condition     = !anytrue([for s in var.policy_statements : contains(["WriteOwnLogs", "WriteTraces", "SendDeadLetters", "ManageVpcNetworkInterfaces"], s.sid)])
    error_message = "Policy statement sids WriteOwnLogs, WriteTraces, SendDeadLetters and ManageVpcNetworkInterfaces are reserved by the module."
  }

  validation {
    condition     = alltrue(flatten([for s in var.policy_statements : [for a in s.actions : can(regex("^[a-z0-9-]+:[A-Za-z0-9]+$", a))]]))
    error_message = "Each action must be an explicit service:Action pair without wildcards, e.g. dynamodb:GetItem."
  }

  validation {
    condition = alltrue([
      for s in var.policy_statements :
      length(distinct([for c in s.conditions : "${c.test}|${c.variable}"])) == length(s.conditions)
    ])
    error_message = "Within one statement, each (test, variable) condition pair may appear only once; put all values in one condition."
  }

  validation {
    condition     = alltrue([for s in var.policy_statements : length(s.actions) > 0 && length(s.resources) > 0])
    error_message = "Each policy statement needs at least one action and one resource."
  }
}

variable "dead_letter_target_arn" {
  description = "SNS topic or SQS queue ARN receiving failed asynchronous invocations; null for synchronously invoked functions."
  type        = string
  default     = null

  validation {
    condition     = var.dead_letter_target_arn == null || can(regex("^arn:aws[a-z-]*:(sns|sqs):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_.-]+$", var.dead_letter_target_arn))
    error_message = "dead_letter_target_arn must be null or an SNS topic / SQS queue ARN."
  }
}

variable "alarm_topic_arn" {
  description = "SNS topic ARN for the Errors and Throttles alarms; null creates no alarms. Must be known at plan time."
  type        = string
  default     = null

  validation {
    condition     = var.alarm_topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:", var.alarm_topic_arn))
    error_message = "alarm_topic_arn must be null or an SNS topic ARN."
  }
}
