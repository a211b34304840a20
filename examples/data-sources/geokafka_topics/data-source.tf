# Every non-internal topic of a cluster.
data "geokafka_topics" "us_east" {
  cluster = "us-east"
}

# Only some topics, on every cluster: name_regex is RE2 and unanchored.
data "geokafka_topics" "orders" {
  for_each = toset(["us-east", "eu-west", "ap-south"])

  cluster    = each.key
  name_regex = "^orders(\\..+)?$"
}

output "us_east_topic_names" {
  value = data.geokafka_topics.us_east.names
}

output "orders_partitions" {
  value = {
    for key, ds in data.geokafka_topics.orders :
    key => { for t in ds.topics : t.name => t.partitions }
  }
}
