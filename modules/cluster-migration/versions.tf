terraform {
  required_version = ">= 1.5"

  required_providers {
    geokafka = {
      source = "geokafka/geokafka"
    }
  }
}
