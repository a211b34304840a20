# A link is imported by <source>|<target>, the keys of its two clusters.
# Quote the id: | means something to the shell.
terraform import geokafka_replication_link.dr 'us-east|eu-west'

# An instance of a resource with for_each (quote the address too):
terraform import 'geokafka_replication_link.mesh["us-east-to-ap-south"]' 'us-east|ap-south'
