# Import existing bindings with import blocks, then plan to see the result.
# In HCL the id needs no extra quoting.
import {
  to = geokafka_acl.billing_group
  id = "us-east|User:billing|*|READ|ALLOW|GROUP|billing|LITERAL"
}

import {
  for_each = toset(["WRITE", "DESCRIBE"])
  to       = geokafka_acl.orders_producer[each.key]
  id       = "us-east|User:orders-service|*|${each.key}|ALLOW|TOPIC|orders|LITERAL"
}
