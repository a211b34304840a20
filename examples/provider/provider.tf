# One provider block holds every cluster of the estate, by key. Resources and
# data sources choose theirs with `cluster = "<key>"`. No cluster is contacted
# until something needs it. connect_url is the Kafka Connect cluster that runs
# replication links into that cluster (geokafka_replication_link).

variable "eu_west_kafka_password" {
  description = "SASL/SCRAM password of the terraform user on the eu-west cluster."
  type        = string
  sensitive   = true
}

variable "eu_west_kafka_ca_pem" {
  description = "PEM of the CA that signed the eu-west brokers' certificates."
  type        = string
}

variable "eu_west_connect_password" {
  description = "Password of the geokafka user on eu-west's Kafka Connect REST API."
  type        = string
  sensitive   = true
}

provider "geokafka" {
  clusters = {
    # Plaintext, as in a private network or a local lab.
    "us-east" = {
      bootstrap_servers = ["kafka-1.us-east.kafka.internal:9092", "kafka-2.us-east.kafka.internal:9092"]
      region            = "us-east-1"
      connect_url       = "https://connect.us-east.kafka.internal:8083"
    }

    # TLS with a private CA, and SASL/SCRAM. Secrets come from variables
    # (for example TF_VAR_eu_west_kafka_password), never from literals.
    # Its Kafka Connect asks for a login, and the connectors of links read
    # the SASL password from a file on the Connect workers rather than
    # carrying it (see the secured Kafka Connect guide).
    "eu-west" = {
      bootstrap_servers = ["kafka-1.eu-west.kafka.internal:9094", "kafka-2.eu-west.kafka.internal:9094"]
      region            = "eu-west-1"
      connect_url       = "https://connect.eu-west.kafka.internal:8443"
      request_timeout   = "45s"

      tls = {
        ca_pem = var.eu_west_kafka_ca_pem
      }

      sasl = {
        mechanism = "SCRAM-SHA-512"
        username  = "terraform"
        password  = var.eu_west_kafka_password
      }

      connect_tls     = { ca_pem = var.eu_west_kafka_ca_pem }
      connect_auth    = { username = "geokafka", password = var.eu_west_connect_password }
      connect_secrets = { password = "dir:/etc/kafka-connect/secrets/eu-west:password" }
    }

    # Each region may have its own Kafka Connect, or all may share one URL.
    "ap-south" = {
      bootstrap_servers = ["kafka-1.ap-south.kafka.internal:9092", "kafka-2.ap-south.kafka.internal:9092"]
      region            = "ap-south-1"
      connect_url       = "https://connect.ap-south.kafka.internal:8083"
    }

    # A cluster whose brokers span regions (broker.rack set per zone). Without
    # connect_url, no replication link can copy into it.
    stretch = {
      bootstrap_servers = ["kafka-1.stretch.kafka.internal:9092", "kafka-2.stretch.kafka.internal:9092"]
      region            = "multi-region"
    }
  }

  # Data residency: topics whose names start with "eu." may only be created
  # on eu-west, and no replication link copies them to another cluster.
  residency = [{ topics = "^eu\\.", allowed_clusters = ["eu-west"] }]
}

# Single-cluster form: leave `clusters` out and the provider builds one
# cluster, keyed `default`, from the environment:
#
#   export GEOKAFKA_BOOTSTRAP_SERVERS=kafka-1:9092,kafka-2:9092
#   export GEOKAFKA_SASL_MECHANISM=SCRAM-SHA-512
#   export GEOKAFKA_SASL_USERNAME=terraform GEOKAFKA_SASL_PASSWORD=...
#
#   provider "geokafka" {}
#
# Resources may then omit `cluster`.
