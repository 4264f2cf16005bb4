#!/usr/bin/env bash
# Runs a real single-node Apache Kafka broker (KRaft) on loopback, assembled from Maven Central jars.
# No Docker engine and no Kafka package exist on our machines, so this is how tests and developers get a broker.
#
#   deploy/local/kafka.sh fetch    download the jars once (cached)
#   deploy/local/kafka.sh up       start the broker if it is not running, wait until it answers, then print its
#                                  address: stdout carries exactly one `host:port` line and nothing else, because
#                                  callers (scripts/infra.sh, the test set-up, the benches) read it as the address.
#                                  Everything else this script, Maven and Java say goes to stderr.
#   deploy/local/kafka.sh down     stop it and wait until it has gone
#   deploy/local/kafka.sh status   exit 0 when it answers
#   deploy/local/kafka.sh sasl-address
#                                  print the address of its SASL listener (what a managed Kafka asks for): SCRAM-SHA-512
#                                  and PLAIN, user `vezel`, password `vezel-local-secret` (a loopback test broker's)
#   deploy/local/kafka.sh tls-address
#                                  print the address of its SASL_SSL listener: the same users and mechanisms over TLS,
#                                  with a certificate for 127.0.0.1 and localhost signed by a local certificate authority
#                                  that `up` creates (openssl) in the state directory and renews when it nears expiry.
#                                  It is named `localhost:<port>`, and the broker advertises it so, as a managed
#                                  cluster names its brokers: clients check the certificate's DNS name and send it (SNI)
#   deploy/local/kafka.sh tls-ca-file
#                                  print the path of that authority's certificate (PEM), what a client trusts
#                                  (KAFKA_TLS_CA_FILE); fails when `up` has not made it yet
#
# Environment: KAFKA_VERSION (4.1.2), KAFKA_PORT (19092), KAFKA_CONTROLLER_PORT (KAFKA_PORT + 1), KAFKA_SASL_PORT
#              (KAFKA_PORT + 2), KAFKA_SASL_SSL_PORT (KAFKA_PORT + 3), VEZEL_CACHE (~/.cache/vezel: jars),
#              VEZEL_INFRA_DIR (<repo>/.infra: data, logs, pid, certificates).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version="${KAFKA_VERSION:-4.1.2}"
port="${KAFKA_PORT:-19092}"
# The controller follows the broker port (19093 by default, as before), so a broker on another KAFKA_PORT does not
# collide with the default one's controller.
ctrl_port="${KAFKA_CONTROLLER_PORT:-$((port + 1))}"
sasl_port="${KAFKA_SASL_PORT:-$((port + 2))}"
tls_port="${KAFKA_SASL_SSL_PORT:-$((port + 3))}"
sasl_user=vezel
sasl_password=vezel-local-secret
cache="${VEZEL_CACHE:-$HOME/.cache/vezel}/kafka-$version"
state="${VEZEL_INFRA_DIR:-$repo/.infra}/kafka-$port"
libs="$cache/libs"
pidfile="$state/kafka.pid"
tls="$state/tls"

log() { printf '[kafka] %s\n' "$*" >&2; }

fetch() {
  if [[ -f "$libs/.complete" ]]; then return 0; fi
  command -v mvn >/dev/null || { log "mvn not found: install Maven (apt-get install maven)"; exit 1; }
  command -v java >/dev/null || { log "java not found: install a JDK 17 (apt-get install openjdk-17-jdk-headless)"; exit 1; }
  log "assembling Apache Kafka $version from Maven Central into $libs (first run only; about 1-3 minutes with an empty Maven repository, seconds with a filled one)"
  local started=$SECONDS
  local work; work="$(mktemp -d)"
  # log4j2 is Kafka 4's logging backend but the broker POM leaves the binding to the application.
  cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.vezel</groupId><artifactId>local-kafka</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-server</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$version</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j-impl</artifactId><version>2.24.3</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>
  </dependencies>
</project>
POM
  rm -rf "$libs.tmp"; mkdir -p "$libs.tmp"
  # Maven writes ANSI colour resets to stdout even with -q -B: its stdout goes to stderr with the rest of its talk.
  (cd "$work" && mvn -q -B -Dstyle.color=never dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs.tmp") >&2
  rm -rf "$work" "$libs"; mv "$libs.tmp" "$libs"; touch "$libs/.complete"
  log "$(ls "$libs" | wc -l) jars cached in $((SECONDS - started)) s"
}

running_pid() {
  [[ -f "$pidfile" ]] || return 1
  local pid; pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null || return 1
  # After a reboot the pid may belong to something else: only our broker counts.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka.Kafka' || return 1
  echo "$pid"
}

answers() {
  # A broker that accepts a TCP connection may still be electing its controller; the Node side
  # (test/infra) does the protocol-level readiness check. Here a port probe plus the "started" log line suffice.
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && grep -q 'Kafka Server started' "$state/logs/server.log" 2>/dev/null
}

# The SASL_SSL listener's certificates, in $tls: a local certificate authority (ca.pem, what clients trust) and a
# server certificate it signs for 127.0.0.1 and localhost (subjectAltName, which clients check). Made when missing,
# made again within 30 days of expiry or when the server certificate is not the authority's; a renewed authority
# means clients read ca.pem again. Called only while the broker is down: a running one keeps what it loaded.
certificates() {
  command -v openssl >/dev/null || { log "openssl not found: install it (apt-get install openssl)"; exit 1; }
  local renew=$((30 * 24 * 3600))
  mkdir -p "$tls"
  : >"$tls/openssl.log"
  if [[ ! -f "$tls/ca.key" ]] || ! openssl x509 -checkend "$renew" -noout -in "$tls/ca.pem" >/dev/null 2>&1; then
    log "creating a local certificate authority for the SASL_SSL listener in $tls"
    cat >"$tls/ca.cnf" <<CNF
[req]
distinguished_name = dn
[dn]
[ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF
    (umask 077 && ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tls/ca.key")
    ossl req -x509 -new -key "$tls/ca.key" -subj "/O=Vezel local/CN=Vezel local Kafka CA" -days 3650 \
      -config "$tls/ca.cnf" -extensions ca -out "$tls/ca.pem"
    rm -f "$tls/server.pem" "$tls/ca.srl"
  fi
  if [[ ! -f "$tls/server.key" ]] || ! openssl x509 -checkend "$renew" -noout -in "$tls/server.pem" >/dev/null 2>&1 \
    || ! openssl verify -CAfile "$tls/ca.pem" "$tls/server.pem" >/dev/null 2>&1; then
    log "creating the SASL_SSL listener's certificate for 127.0.0.1 and localhost"
    cat >"$tls/server.cnf" <<CNF
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
    (umask 077 && ossl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tls/server.key")
    ossl req -new -key "$tls/server.key" -subj "/O=Vezel local/CN=localhost" -config "$tls/ca.cnf" -out "$tls/server.csr"
    ossl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAserial "$tls/ca.srl" \
      -CAcreateserial -days 397 -extfile "$tls/server.cnf" -out "$tls/server.pem"
    rm -f "$tls/server.csr"
  fi
}

# openssl, its talk kept in $tls/openssl.log and shown when it fails.
ossl() {
  openssl "$@" >>"$tls/openssl.log" 2>&1 || { log "openssl $1 failed:"; tail -n 20 "$tls/openssl.log" >&2; exit 1; }
}

# A PEM file as one properties value: Java's Properties reads `\n` as a line break.
pem_value() { awk 'BEGIN { ORS = "\\n" } { print }' "$1"; }

configure() {
  mkdir -p "$state/data" "$state/logs"
  # No reformat is needed for listeners: the broker registers the ones this file names every time it starts, and the
  # SCRAM user (cluster metadata) serves every SASL listener. The file holds the listener's private key: owner only.
  touch "$state/server.properties" && chmod 600 "$state/server.properties"
  cat >"$state/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$ctrl_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$ctrl_port,SASL_PLAINTEXT://127.0.0.1:$sasl_port,SASL_SSL://127.0.0.1:$tls_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port,SASL_PLAINTEXT://127.0.0.1:$sasl_port,SASL_SSL://localhost:$tls_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL
sasl.enabled.mechanisms=SCRAM-SHA-512,PLAIN
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$sasl_user="$sasl_password";
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$sasl_user="$sasl_password";
# PEM given inline: a PEM key store read from a file (ssl.keystore.location) needs an encrypted key, and Kafka's
# reader on Java 17 cannot decrypt what openssl encrypts by default (PBES2).
listener.name.sasl_ssl.ssl.keystore.type=PEM
listener.name.sasl_ssl.ssl.keystore.key=$(pem_value "$tls/server.key")
listener.name.sasl_ssl.ssl.keystore.certificate.chain=$(pem_value "$tls/server.pem")$(pem_value "$tls/ca.pem")
listener.name.sasl_ssl.ssl.client.auth=none
log.dirs=$state/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
delete.topic.enable=true
log.segment.bytes=67108864
PROPS
  cat >"$state/log4j2.properties" <<LOG
status = error
appender.file.type = File
appender.file.name = file
appender.file.fileName = $state/logs/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = file
logger.kafka.name = kafka
logger.kafka.level = INFO
logger.apache.name = org.apache
logger.apache.level = WARN
LOG
}

java_opts() {
  printf '%s\n' -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dlog4j2.configurationFile=$state/log4j2.properties" "-Dkafka.logs.dir=$state/logs" -cp "$libs/*"
}

java_cmd() {
  local opts; mapfile -t opts < <(java_opts)
  java "${opts[@]}" "$@"
}

up() {
  fetch
  if running_pid >/dev/null; then
    if answers; then
      log "already running on 127.0.0.1:$port"
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$tls_port") 2>/dev/null; then
        log "its SASL_SSL listener (127.0.0.1:$tls_port) is not open: it was started before that listener existed;" \
          "\`$0 down\` and \`up\` open it"
      fi
      print_address
      return 0
    fi
  elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    # Another checkout's broker (or anything else) holds the port. Reuse it: tests use their own topics, and the
    # caller's protocol-level readiness check fails loudly if it is not Kafka. KAFKA_PORT picks another port.
    log "port $port is in use by a broker this checkout did not start; reusing it (set KAFKA_PORT to run a separate one)"
    print_address
    return 0
  else
    # SCRAM credentials live in the cluster metadata, written when the storage is formatted: a broker formatted before
    # the SASL listener existed is formatted again (its data is test data).
    if [[ -f "$state/data/meta.properties" && ! -f "$state/data/.scram-user" ]]; then
      log "formatting again to add the SASL user (state formatted before the SASL listener existed)"
      rm -rf "$state/data"
    fi
    certificates
    configure
    if [[ ! -f "$state/data/meta.properties" ]]; then
      local cluster_id; cluster_id="$(java_cmd kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
      java_cmd kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$state/server.properties" --ignore-formatted \
        --add-scram "SCRAM-SHA-512=[name=$sasl_user,password=$sasl_password]" >"$state/logs/format.log" 2>&1 \
        || { log "storage format failed:"; cat "$state/logs/format.log" >&2; exit 1; }
      touch "$state/data/.scram-user"
    fi
    : >"$state/logs/server.log"
    log "starting Apache Kafka $version on 127.0.0.1:$port (state in $state)"
    # setsid: the broker outlives the shell (and npm script) that started it, and a Ctrl-C there does not reach it.
    local opts; mapfile -t opts < <(java_opts)
    # 9>&-: the broker must not hold the caller's stdout open, or a caller reading it to the end would wait forever.
    setsid java "${opts[@]}" kafka.Kafka "$state/server.properties" >"$state/logs/stdout.log" 2>&1 </dev/null 9>&- &
    echo $! >"$pidfile"
  fi
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-120})) started; started="$(cat "$pidfile")"
  until answers; do
    # Alive is enough here (not running_pid's kafka.Kafka check): until the background child has exec'd java its
    # command line is still this script's, and on a busy machine the first check came that early and failed a start.
    if ! kill -0 "$started" 2>/dev/null; then log "broker exited during start-up:"; tail -n 40 "$state/logs/stdout.log" "$state/logs/server.log" >&2; exit 1; fi
    if (( SECONDS > deadline )); then log "broker did not start in time"; tail -n 40 "$state/logs/server.log" >&2; exit 1; fi
    sleep 0.5
  done
  log "ready on 127.0.0.1:$port"
  print_address
}

# The one line `up` writes to the caller's stdout (fd 9, saved before stdout was pointed at stderr).
print_address() { printf '127.0.0.1:%s\n' "$port" >&9; }

down() {
  local pid
  if ! pid="$(running_pid)"; then log "not running"; rm -f "$pidfile"; return 0; fi
  kill -TERM "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS > deadline )); then log "forcing stop"; kill -KILL "$pid"; fi
    sleep 0.3
  done
  rm -f "$pidfile"
  log "stopped"
}

case "${1:-}" in
  fetch) fetch ;;
  # Whatever any command inside `up` prints (mvn, java, this script) lands on stderr; only print_address reaches fd 9.
  up) exec 9>&1 1>&2; up ;;
  down) down ;;
  status) running_pid >/dev/null && answers ;;
  sasl-address) printf '127.0.0.1:%s\n' "$sasl_port" ;;
  tls-address) printf 'localhost:%s\n' "$tls_port" ;;
  tls-ca-file)
    [[ -f "$tls/ca.pem" ]] || { log "no certificate authority in $tls yet: \`$0 up\` makes it"; exit 1; }
    printf '%s\n' "$tls/ca.pem" ;;
  reset) down; rm -rf "$state" ;;
  *) echo "usage: $0 fetch|up|down|status|reset|sasl-address|tls-address|tls-ca-file" >&2; exit 2 ;;
esac
