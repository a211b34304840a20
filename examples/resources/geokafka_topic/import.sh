# A topic is imported by <cluster>/<name>, where <cluster> is a key of the
# provider's clusters:
terraform import geokafka_topic.orders us-east/orders

# With a single cluster (for example the GEOKAFKA_* environment form), the
# name alone is enough:
terraform import geokafka_topic.orders orders

# An instance of a resource with for_each:
terraform import 'geokafka_topic.orders["eu-west"]' eu-west/orders
