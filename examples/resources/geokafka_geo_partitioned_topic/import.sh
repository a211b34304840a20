# Regions are named after the racks of each partition's replicas
# ("eu-west-1a" belongs to region "eu-west-1"); rename them in the
# configuration to match what you import.
terraform import geokafka_geo_partitioned_topic.customers stretch/customers
