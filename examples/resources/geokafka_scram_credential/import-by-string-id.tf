# Import existing credentials with import blocks, then plan: the password is
# shown as a change, and the apply sets it from the configuration.
import {
  to = geokafka_scram_credential.billing
  id = "eu-west|billing|SCRAM-SHA-512"
}

import {
  for_each = toset(["us-east", "eu-west", "ap-south"])
  to       = geokafka_scram_credential.orders_service[each.key]
  id       = "${each.key}|orders-service|SCRAM-SHA-512"
}
