terraform {
  # Provider functions (remote_topic_name) need Terraform 1.8.
  required_version = ">= 1.8"

  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}
