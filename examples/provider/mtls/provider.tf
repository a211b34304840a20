# Mutual TLS: the provider presents a client certificate, and the brokers
# name it by the certificate's distinguished name, for example
# User:CN=terraform,OU=platform,O=Example (unless their
# ssl.principal.mapping.rules shorten it). ACLs for the provider itself use
# that principal.

variable "kafka_client_key_pem" {
  description = "PEM of the private key of the provider's client certificate."
  type        = string
  sensitive   = true
}

provider "geokafka" {
  clusters = {
    "ap-south" = {
      bootstrap_servers = ["kafka-1.ap-south.kafka.internal:9093", "kafka-2.ap-south.kafka.internal:9093"]
      region            = "ap-south-1"

      tls = {
        ca_pem   = file("${path.module}/certs/ap-south-ca.pem")
        cert_pem = file("${path.module}/certs/terraform.pem")
        key_pem  = var.kafka_client_key_pem # set together with cert_pem
      }
    }
  }
}
