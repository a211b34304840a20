# Cluster-wide defaults: <cluster>
terraform import 'geokafka_cluster_config.defaults["us-east"]' us-east

# One broker's settings: <cluster>|<broker_id>
terraform import geokafka_cluster_config.broker_1 'us-east|1'
