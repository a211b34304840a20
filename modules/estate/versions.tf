terraform {
  # provider::geokafka::remote_topic_name is a provider function: Terraform 1.8.
  required_version = ">= 1.8"

  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}
