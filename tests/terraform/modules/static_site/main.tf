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

# Example of the static_site module with every option on: custom domain, DNS records and
# Lambda@Edge server-side rendering (which needs the us-east-1 alias).
module "static_site" {
  source = "../../../../templates/terraform/modules/static_site"

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name            = "acme-dev-web"
  bucket_name     = "acme-dev-web"
  domain_name     = "app.acme.example"
  certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789"
  zone_id         = "Z0123456789ABCDEFGHIJ"
  price_class     = "PriceClass_100"

  frontend_config = jsonencode({
    Auth = {
      Cognito = {
        userPoolId       = "eu-west-1_AbCdEfGhI"
        userPoolClientId = "1example23456789abcdefghij"
      }
    }
    API = {
      REST = {
        api = {
          endpoint = "https://api.acme.example"
          region   = "eu-west-1"
        }
      }
    }
  })

  ssr = {
    filename         = "build/ssr.zip"
    source_code_hash = "n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg="
    runtime          = "nodejs22.x"
  }
}

# The same module without domain nor SSR: default certificate, no records, no function.
module "static_site_minimal" {
  source = "../../../../templates/terraform/modules/static_site"

  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  name            = "acme-dev-docs"
  bucket_name     = "acme-dev-docs"
  frontend_config = jsonencode({})
}

output "bucket_name" {
  value = module.static_site.bucket_name
}

output "bucket_arn" {
  value = module.static_site.bucket_arn
}

output "distribution_id" {
  value = module.static_site.distribution_id
}

output "distribution_domain_name" {
  value = module.static_site.distribution_domain_name
}

output "distribution_arn" {
  value = module.static_site.distribution_arn
}

output "site_url" {
  value = module.static_site.site_url
}

output "minimal_site_url" {
  value = module.static_site_minimal.site_url
}
