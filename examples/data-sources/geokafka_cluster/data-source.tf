data "geokafka_cluster" "stretch" {
  cluster = "stretch"
}

# Rack of every broker, by broker id.
output "stretch_racks_by_broker" {
  value = { for b in data.geokafka_cluster.stretch.brokers : tostring(b.id) => b.rack }
}

# A replication factor that puts every replica on its own rack.
output "stretch_max_rack_spread" {
  value = length(data.geokafka_cluster.stretch.racks)
}
