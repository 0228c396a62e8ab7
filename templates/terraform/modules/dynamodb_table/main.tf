locals {
  # Every key attribute (table and indexes) must be declared exactly once.
  attributes = merge(
    { for index in values(var.global_secondary_indexes) : index.hash_key => index.hash_key_type },
    { for index in values(var.global_secondary_indexes) : index.range_key => index.range_key_type if index.range_key != null },
    { (var.hash_key) = var.hash_key_type },
    var.range_key == null ? {} : { (var.range_key) = var.range_key_type },
  )

  # "name:type" of every key declaration; more pairs than names means a type conflict.
  attribute_declarations = distinct(concat(
    ["${var.hash_key}:${var.hash_key_type}"],
    var.range_key == null ? [] : ["${var.range_key}:${var.range_key_type}"],
    [for index in values(var.global_secondary_indexes) : "${index.hash_key}:${index.hash_key_type}"],
    [for index in values(var.global_secondary_indexes) : "${index.range_key}:${index.range_key_type}" if index.range_key != null],
  ))
}

resource "aws_dynamodb_table" "this" {
  #checkov:skip=CKV_AWS_119:Tables are encrypted at rest with the AWS-managed DynamoDB key (server_side_encryption enabled); customer-managed KMS keys are not part of this architecture.
  name                        = var.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = var.hash_key
  range_key                   = var.range_key
  deletion_protection_enabled = var.deletion_protection
  stream_enabled              = var.stream_view_type != null
  stream_view_type            = var.stream_view_type

  dynamic "attribute" {
    for_each = local.attributes

    content {
      name = attribute.key
      type = attribute.value
    }
  }

  dynamic "global_secondary_index" {
    for_each = var.global_secondary_indexes

    content {
      name               = global_secondary_index.key
      hash_key           = global_secondary_index.value.hash_key
      range_key          = global_secondary_index.value.range_key
      projection_type    = global_secondary_index.value.projection_type
      non_key_attributes = global_secondary_index.value.projection_type == "INCLUDE" ? global_secondary_index.value.non_key_attributes : null
    }
  }

  dynamic "ttl" {
    for_each = var.ttl_attribute == null ? [] : [var.ttl_attribute]

    content {
      attribute_name = ttl.value
      enabled        = true
    }
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  lifecycle {
    precondition {
      condition     = length(local.attribute_declarations) == length(local.attributes)
      error_message = "A key attribute is declared with two different types across the table and its indexes: ${join(", ", local.attribute_declarations)}."
    }
  }
}
