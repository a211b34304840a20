terraform {
  required_version = ">= 1.5.0"

  required_providers {
    geokafka = {
      source  = "geokafka/geokafka"
      version = "~> 0.1"
    }
  }
}
