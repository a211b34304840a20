# A SCRAM credential is imported by <cluster>|<username>|<mechanism>. Quote
# the id: | means something to the shell.
terraform import geokafka_scram_credential.billing 'eu-west|billing|SCRAM-SHA-512'

# An instance of a resource with for_each:
terraform import 'geokafka_scram_credential.orders_service["us-east"]' 'us-east|orders-service|SCRAM-SHA-512'

# The password cannot be read back from the cluster: the import leaves it
# unset, the next plan shows it as a change (taken from the configuration),
# and the next apply sets it on the cluster.
