# Quotas are imported by <cluster>|<entity>, the entity written as
# user=<name>, client-id=<name>, user=<name>,client-id=<name> or ip=<address>,
# for example us-east|user=alice,client-id=app. Quote the id: | < and > mean
# something to the shell.
terraform import geokafka_quota.billing 'us-east|user=billing'
terraform import geokafka_quota.billing_nightly_batch 'us-east|user=billing,client-id=nightly-batch'
terraform import geokafka_quota.default_client 'us-east|client-id=<default>'
terraform import geokafka_quota.ci_runners 'us-east|ip=10.20.30.40'

# With a single cluster, the cluster part may be left empty:
terraform import geokafka_quota.billing '|user=billing'
