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

# The secured Kafka Connect worker: its REST API serves HTTPS with the lab
# CA's broker certificate and asks for basic authentication (Kafka's
# BasicAuthSecurityRestExtension, users in a properties file); a
# DirectoryConfigProvider "dir" reads the secrets that connectors reference,
# one file per secret under $LAB/connect-secrets/<dir>/: secure/password (the
# admin's SCRAM password) and mtls/key_pem (the mTLS client key), named after
# the cluster keys the acceptance tests give us-east's secured listeners.
SECURE_CONNECT=connect-secure
SECURE_CONNECT_PORT=8443
SECURE_CONNECT_USER=geokafka
SECURE_CONNECT_KEYSTORE_PASSWORD=geokafka-lab

configure_secure_connect() {
  command -v curl >/dev/null || die "curl not found; it checks that the secured Kafka Connect worker answers over HTTPS"
  ensure_connect_files
  add_proc "$SECURE_CONNECT" "$SECURE_CONNECT_PORT" start_connect
  PROC_CONFIG[$SECURE_CONNECT]=write_connect_config
  CONNECT_SCHEME[$SECURE_CONNECT]=https
  CONNECT_EXTRA_PROPS[$SECURE_CONNECT]="listeners.https.ssl.keystore.type=PKCS12
listeners.https.ssl.keystore.location=$LAB/certs/connect.p12
listeners.https.ssl.keystore.password=$SECURE_CONNECT_KEYSTORE_PASSWORD
listeners.https.ssl.key.password=$SECURE_CONNECT_KEYSTORE_PASSWORD
rest.extension.classes=org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension
config.providers=dir
config.providers.dir.class=org.apache.kafka.common.config.provider.DirectoryConfigProvider
config.providers.dir.param.allowed.paths=$LAB/connect-secrets"
  PROC_READY[$SECURE_CONNECT]=secure_connect_ready
  PROC_NEEDS[$SECURE_CONNECT]=ap-south
  PROC_JVM_OPTS[$SECURE_CONNECT]="$CONNECT_HEAP_OPTS -Djava.security.auth.login.config=$LAB/certs/connect.jaas"
}

# ensure_connect_files makes the worker's key store and REST password once,
# and writes its JAAS and users files and the connectors' secrets on every
# lab-up (the admin password and client key come from ensure_certs).
ensure_connect_files() {
  local d="$LAB/certs" s="$LAB/connect-secrets"
  if [[ ! -f $d/connect.p12 ]]; then
    openssl pkcs12 -export -in "$d/broker.pem" -inkey "$d/broker.key" -name connect \
      -passout "pass:$SECURE_CONNECT_KEYSTORE_PASSWORD" -out "$d/connect.p12.tmp" ||
      die "openssl could not make the Connect key store"
    mv "$d/connect.p12.tmp" "$d/connect.p12"
  fi
  [[ -f $d/connect.password ]] || openssl rand -hex 16 >"$d/connect.password"
  printf '%s: %s\n' "$SECURE_CONNECT_USER" "$(<"$d/connect.password")" >"$d/connect-users.properties"
  cat >"$d/connect.jaas" <<JAAS
KafkaConnect {
  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required
  file="$d/connect-users.properties";
};
JAAS
  mkdir -p "$s/secure" "$s/mtls"
  tr -d '\n' <"$d/admin.password" >"$s/secure/password"
  cp "$d/client.key" "$s/mtls/key_pem"
  chmod 600 "$d/connect.password" "$d/connect-users.properties" "$d/connect.p12" "$s"/*/*
  chmod 700 "$s" "$s"/*
}

# The worker answers over HTTPS to the lab user and has loaded MirrorMaker 2.
secure_connect_ready() { # secure_connect_ready NAME
  local body
  body=$(curl -fsS --max-time 3 --cacert "$LAB/certs/ca.pem" -u "$SECURE_CONNECT_USER:$(<"$LAB/certs/connect.password")" \
    "https://127.0.0.1:${PROC_PORT[$1]}/connector-plugins" 2>/dev/null) || return 1
  [[ $body == *'"org.apache.kafka.connect.mirror.MirrorSourceConnector"'* ]]
}

write_secure_connect_env() {
  printf '\n# Secured Kafka Connect worker (HTTPS, basic authentication, DirectoryConfigProvider "dir")\n'
  env_line LAB_SECURE_CONNECT_URL "https://127.0.0.1:${PROC_PORT[$SECURE_CONNECT]}"
  env_line LAB_SECURE_CONNECT_USER "$SECURE_CONNECT_USER"
  env_line LAB_SECURE_CONNECT_PASSWORD "$(<"$LAB/certs/connect.password")"
  env_line LAB_CONNECT_SECRETS_DIR "$LAB/connect-secrets"
}
