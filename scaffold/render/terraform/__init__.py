"""Render stage (Terraform): the HCL writer, the platform, service and bootstrap roots."""
