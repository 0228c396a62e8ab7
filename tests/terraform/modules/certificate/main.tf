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

provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

# Example of the certificate module: a CloudFront certificate in us-east-1 and a regional one.
module "cloudfront_certificate" {
  source = "../../../../templates/terraform/modules/certificate"

  providers = {
    aws = aws.us_east_1
  }

  domain_name               = "app.acme.example"
  subject_alternative_names = ["www.app.acme.example"]
  zone_id                   = "Z0123456789ABCDEFGHIJ"
}

module "api_certificate" {
  source = "../../../../templates/terraform/modules/certificate"

  domain_name = "api.acme.example"
  zone_id     = "Z0123456789ABCDEFGHIJ"
}

output "cloudfront_certificate_arn" {
  value = module.cloudfront_certificate.certificate_arn
}

output "api_certificate_arn" {
  value = module.api_certificate.certificate_arn
}
