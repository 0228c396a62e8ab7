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

# Example of the upload_bucket module with CORS, expiry and an on-upload trigger.
module "upload_bucket" {
  source = "../../../../templates/terraform/modules/upload_bucket"

  bucket_name  = "acme-dev-projects-attachments"
  cors_origins = ["https://app.acme.example"]
  expire_days  = 365

  notification = {
    function_arn  = "arn:aws:lambda:eu-west-1:123456789012:function:acme-dev-projects-onUploaded"
    function_name = "acme-dev-projects-onUploaded"
    prefix        = "attachments/"
  }
}

output "bucket_name" {
  value = module.upload_bucket.bucket_name
}

output "bucket_arn" {
  value = module.upload_bucket.bucket_arn
}
