terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
      # Lambda@Edge functions must live in us-east-1; callers always pass this alias.
      configuration_aliases = [aws.us_east_1]
    }
  }
}
