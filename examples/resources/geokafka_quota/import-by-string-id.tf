# Import existing quotas with import blocks, then plan to see the result.
import {
  to = geokafka_quota.billing_nightly_batch
  id = "us-east|user=billing,client-id=nightly-batch"
}

import {
  to = geokafka_quota.default_client
  id = "us-east|client-id=<default>"
}
