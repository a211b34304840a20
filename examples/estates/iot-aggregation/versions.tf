# Terraform 1.8 or later: the modules call provider::geokafka::remote_topic_name.

terraform {
  required_version = ">= 1.8.0"

  required_providers {
    geokafka = {
      source  = "geokafka/geokafka"
      version = "~> 0.1"
    }
  }
}
