# Helpers the benchmark and interoperability scripts share. Sourced (". benchmarks/script-helpers.sh") from the
# repository root, before WORK (the run's directory for logs) is used by wait_for_port.

# The JVM flags Chronicle Queue needs (shared/STACK.md), for the engine and simulator processes the scripts start.
CHRONICLE_FLAGS=(--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-exports=java.base/jdk.internal.util=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED -Dchronicle.analytics.disable=true)

# Sets JAR to the benchmark jar the script runs ($JAR, or benchmarks/target/benchmarks.jar) and builds it if missing.
benchmarks_jar() {
  JAR=${JAR:-benchmarks/target/benchmarks.jar}
  [ -f "$JAR" ] || ./mvnw -B -q -Dmaven.test.skip=true -pl benchmarks -am package
}

# Processes the script started, stopped by stop_started (set it as the EXIT trap).
PIDS=()
stop_started() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# $1 port, $2 what should be listening there: waits up to two minutes, else says so and exits.
wait_for_port() {
  for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.2; done
  echo "nothing listens on $1 ($2); see $WORK" >&2; exit 1
}

# config/ringway.yaml with SMPP port $1, HTTP port $2, simulator port $3 and the journal under $WORK/data.
ringway_config() {
  sed -e "s/^  port: 2775 /  port: $1 /" -e "s/^  port: 8080 /  port: $2 /" -e "s/^  port: 2776$/  port: $3/" \
      -e "s/^    port: 2776$/    port: $3/" -e "s#^  directory: ./data #  directory: $WORK/data #" config/ringway.yaml
}

# Kannel's bearerbox and smsbox on configuration file $1, waiting for box port $2 and sendsms port $3; logs in $WORK.
start_kannel() {
  bearerbox "$1" > "$WORK/bearerbox.log" 2>&1 & PIDS+=($!)
  wait_for_port "$2" bearerbox
  smsbox "$1" > "$WORK/smsbox.log" 2>&1 & PIDS+=($!)
  wait_for_port "$3" smsbox
}
