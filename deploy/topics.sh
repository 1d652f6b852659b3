#!/usr/bin/env bash
# Create liveblog-stream's four topics on an existing Kafka cluster. Safe to re-run:
# topics that already exist are left alone (their partitions and configs are not changed).
#
#   KAFKA_BOOTSTRAP_SERVERS=broker-1:9092 LIVEBLOG_TOPIC_PARTITIONS=12 \
#     LIVEBLOG_TOPIC_REPLICATION_FACTOR=3 deploy/topics.sh
#
# Uses kafka-topics.sh from $KAFKA_HOME/bin if KAFKA_HOME is set, otherwise from PATH.
# Extra client settings (TLS, SASL) can be passed in a properties file with
# KAFKA_COMMAND_CONFIG=/path/to/client.properties.
set -euo pipefail

bootstrap="${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}"
partitions="${LIVEBLOG_TOPIC_PARTITIONS:-4}"
replication="${LIVEBLOG_TOPIC_REPLICATION_FACTOR:-1}"
raw_topic="${LIVEBLOG_RAW_TOPIC:-liveblog.raw}"
storage_topic="${LIVEBLOG_STORAGE_TOPIC:-liveblog.storage}"
alerts_topic="${LIVEBLOG_ALERTS_TOPIC:-liveblog.alerts}"
dlq_topic="${LIVEBLOG_DLQ_TOPIC:-liveblog.dlq}"
dlq_retention_ms=1209600000 # 14 days

if [[ -n "${KAFKA_HOME:-}" ]]; then
  kafka_topics="$KAFKA_HOME/bin/kafka-topics.sh"
  if [[ ! -x "$kafka_topics" ]]; then
    echo "topics.sh: $kafka_topics not found or not executable" >&2
    exit 1
  fi
elif command -v kafka-topics.sh >/dev/null 2>&1; then
  kafka_topics="$(command -v kafka-topics.sh)"
else
  echo "topics.sh: kafka-topics.sh not found; set KAFKA_HOME or add Kafka's bin/ to PATH" >&2
  exit 1
fi

for n in "$partitions" "$replication"; do
  if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
    echo "topics.sh: partition and replication counts must be positive integers, got '$n'" >&2
    exit 1
  fi
done

client_args=(--bootstrap-server "$bootstrap")
if [[ -n "${KAFKA_COMMAND_CONFIG:-}" ]]; then
  client_args+=(--command-config "$KAFKA_COMMAND_CONFIG")
fi

create_topic() {
  local topic="$1"
  shift
  echo "ensuring topic $topic (partitions=$partitions, replication=$replication${*:+, $*})"
  "$kafka_topics" "${client_args[@]}" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor "$replication" "$@"
}

create_topic "$raw_topic"
create_topic "$storage_topic" --config cleanup.policy=compact
create_topic "$alerts_topic"
create_topic "$dlq_topic" --config "retention.ms=$dlq_retention_ms"

# --describe takes a regular expression: escape the dots in the names.
describe_pattern="$raw_topic|$storage_topic|$alerts_topic|$dlq_topic"
"$kafka_topics" "${client_args[@]}" --describe --topic "${describe_pattern//./\\.}"
