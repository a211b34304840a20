# An ACL binding is imported by
#   <cluster>|<principal>|<host>|<operation>|<permission>|<resource_type>|<resource_name>|<pattern_type>
# Quote the id: | and * mean something to the shell.
terraform import geokafka_acl.billing_group 'us-east|User:billing|*|READ|ALLOW|GROUP|billing|LITERAL'

# With a single cluster, the cluster part may be left empty:
terraform import geokafka_acl.billing_group '|User:billing|*|READ|ALLOW|GROUP|billing|LITERAL'

# An instance of a resource with for_each (quote the address too):
terraform import 'geokafka_acl.audit_read_all_topics["eu-west"]' \
  'eu-west|User:CN=audit,OU=platform,O=Example|*|READ|ALLOW|TOPIC|*|LITERAL'
