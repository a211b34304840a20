# Import existing topics with import blocks, then plan to see the result.
import {
  to = geokafka_topic.customers
  id = "stretch/customers"
}

import {
  for_each = toset(["us-east", "eu-west", "ap-south"])
  to       = geokafka_topic.orders[each.key]
  id       = "${each.key}/orders"
}
