# Sourced by lab/lab-up.sh: the secured listeners of the us-east cluster.
#
#   19093  SASL_SSL  SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN over TLS
#   19094  SSL       mutual TLS (client certificate required)
#
# Every regional cluster runs the StandardAuthorizer with
# allow.everyone.if.no.acl.found=false, so ACLs are enforced in each region.
# Super users on us-east: the SASL user "admin", the mTLS client "CN=geokafka-admin",
# and ANONYMOUS, which is what the PLAINTEXT listener (19092) and the
# controller listener authenticate as, so the rest of the lab is unchanged.
# The CA, the certificates and the admin password are made here on first use
# (never committed); making them anew reformats the cluster. The admin's SCRAM
# credentials are written at format time and set again by the readiness probe
# on every lab-up (LabCheck), because here they did not survive restarts.

SECURE_CLUSTER=us-east
SECURE_NODE=us-east-1
SECURE_PORT=19093
MTLS_PORT=19094
SECURE_USER=admin
MTLS_CN=geokafka-admin

ensure_certs() {
  local d="$LAB/certs"
  if [[ -f $d/.complete ]]; then
    return
  fi
  command -v openssl >/dev/null || die "openssl not found; it makes the lab's CA and certificates"
  log "making the lab CA, broker and client certificates in $d"
  rm -rf "$d" "${LAB:?}/data/$SECURE_CLUSTER"
  mkdir -p "$d"
  (
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=geokafka-lab-ca" \
      -keyout ca.key -out ca.pem 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout broker.key -out broker.csr 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >broker.ext
    openssl x509 -req -in broker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
      -extfile broker.ext -out broker.pem 2>/dev/null
    # Kafka's PEM key store: the PKCS#8 key and the certificate in one file.
    cat broker.key broker.pem >broker-keystore.pem
    openssl req -newkey rsa:2048 -nodes -subj "/CN=$MTLS_CN" -keyout client.key -out client.csr 2>/dev/null
    openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
      -out client.pem 2>/dev/null
    openssl rand -hex 16 >admin.password
    rm -f ./*.csr broker.ext
    chmod 600 ./*.key admin.password broker-keystore.pem
  ) || die "openssl could not make the lab certificates"
  touch "$d/.complete"
}

admin_password() { cat "$LAB/certs/admin.password"; }

AUTHORIZER_PROPS="authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
allow.everyone.if.no.acl.found=false"

# configure_secure_cluster adds the listeners, the authorizer and the admin
# credential to the cluster definition made by define_lab, and the authorizer
# to the other regional clusters (ANONYMOUS, their only principal, is super).
configure_secure_cluster() {
  local d="$LAB/certs" pw node
  pw=$(admin_password)
  for node in eu-west-1 ap-south-1; do
    NODE_EXTRA_PROPS[$node]="$AUTHORIZER_PROPS
super.users=User:ANONYMOUS"
  done
  NODE_EXTRA_LISTENERS[$SECURE_NODE]="SECURE://127.0.0.1:$SECURE_PORT,MTLS://127.0.0.1:$MTLS_PORT"
  NODE_EXTRA_ADVERTISED[$SECURE_NODE]=${NODE_EXTRA_LISTENERS[$SECURE_NODE]}
  NODE_EXTRA_PROTOCOLS[$SECURE_NODE]="SECURE:SASL_SSL,MTLS:SSL"
  PROC_MORE_PORTS[$SECURE_NODE]+=" $SECURE_PORT $MTLS_PORT"
  CLUSTER_FORMAT_ARGS[$SECURE_CLUSTER]="--add-scram SCRAM-SHA-512=[name=$SECURE_USER,password=$pw] --add-scram SCRAM-SHA-256=[name=$SECURE_USER,password=$pw]"
  NODE_EXTRA_PROPS[$SECURE_NODE]="$AUTHORIZER_PROPS
super.users=User:ANONYMOUS;User:$SECURE_USER;User:CN=$MTLS_CN
sasl.enabled.mechanisms=SCRAM-SHA-512,SCRAM-SHA-256,PLAIN
listener.name.secure.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.secure.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.secure.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$SECURE_USER=\"$pw\";
listener.name.mtls.ssl.client.auth=required
ssl.keystore.type=PEM
ssl.keystore.location=$d/broker-keystore.pem
ssl.truststore.type=PEM
ssl.truststore.location=$d/ca.pem
ssl.endpoint.identification.algorithm=https"
}

write_secure_env() {
  local d="$LAB/certs"
  printf '\n# Secured listeners of the %s cluster (StandardAuthorizer on)\n' "$SECURE_CLUSTER"
  env_line LAB_SECURE_CLUSTER "$SECURE_CLUSTER"
  env_line LAB_SECURE_BOOTSTRAP "127.0.0.1:$SECURE_PORT"
  env_line LAB_SECURE_CA_FILE "$d/ca.pem"
  env_line LAB_SECURE_MECHANISM SCRAM-SHA-512
  env_line LAB_SECURE_SUPERUSER "$SECURE_USER"
  env_line LAB_SECURE_SUPERUSER_PASSWORD "$(admin_password)"
  env_line LAB_MTLS_BOOTSTRAP "127.0.0.1:$MTLS_PORT"
  env_line LAB_MTLS_CERT_FILE "$d/client.pem"
  env_line LAB_MTLS_KEY_FILE "$d/client.key"
  env_line LAB_MTLS_PRINCIPAL "User:CN=$MTLS_CN"
}
