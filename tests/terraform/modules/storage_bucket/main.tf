terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

# Example of the storage_bucket module with lifecycle transitions, a KMS key and a trigger.
module "storage_bucket" {
  source = "../../../../templates/terraform/modules/storage_bucket"

  bucket_name = "acme-dev-reports-exports-123456789012"
  kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

  lifecycle_rules = [{
    id     = "rule-1"
    prefix = "daily/"
    transitions = [
      { storage_class = "STANDARD_IA", days = 30 },
      { storage_class = "GLACIER", days = 90 },
    ]
    expire_days = 365
  }]

  notification = {
    function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-reports-on-export"
    function_name = "acme-dev-reports-on-export"
    events        = ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]
    prefix        = "daily/"
    suffix        = ".csv"
  }
}

output "bucket_name" {
  value = module.storage_bucket.bucket_name
}

output "bucket_arn" {
  value = module.storage_bucket.bucket_arn
}
