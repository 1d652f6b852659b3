"""docker-compose.yml is a valid Compose file and wires the local stack correctly.

Validated offline against the Compose Specification JSON Schema that the check-jsonschema
package vendors (``--builtin-schema vendor.compose-spec``). Which LIVEBLOG_* names the file
may use is checked by tests/unit/test_docs.py.
"""

from __future__ import annotations

import copy
import importlib.resources
import json
import re
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import REPO_ROOT
from workers.settings import Settings, environment_variables

COMPOSE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
DEFAULTS = Settings.model_construct()
# `${NAME:-default}` / `${NAME-default}` / `${NAME}` interpolation.
INTERPOLATION = re.compile(r"^\$\{(?P<name>[A-Z0-9_]+)(?::?-(?P<default>[^}]*))?\}$")


def load_compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    return data


def compose_validator() -> jsonschema.Draft7Validator:
    vendored = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    schema = json.loads((vendored / "compose-spec.json").read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


SETTING_OF_ENV = environment_variables()


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    if isinstance(env, list):  # ["NAME=value", ...]
        env = dict(item.split("=", 1) for item in env)
    return {str(k): str(v) for k, v in env.items()}


def one_shot_services(compose: dict[str, Any]) -> set[str]:
    """Services some other service waits for to complete."""
    return {
        name
        for service in compose["services"].values()
        for name, dep in (service.get("depends_on") or {}).items()
        if isinstance(dep, dict) and dep.get("condition") == "service_completed_successfully"
    }


# ---- checks, each returning what is wrong (so the tests below can show they fail) ----


def healthcheck_problems(compose: dict[str, Any]) -> list[str]:
    problems = []
    one_shot = one_shot_services(compose)
    for name, service in compose["services"].items():
        check = service.get("healthcheck")
        if name in one_shot:
            if service.get("restart", "no") != "no":
                problems.append(f"{name}: a one-shot service must not restart")
            continue
        if not check or check.get("disable") or check.get("test") in (None, ["NONE"], "NONE"):
            problems.append(f"{name}: long-running service without a healthcheck")
    for name, service in compose["services"].items():
        for dep, spec in (service.get("depends_on") or {}).items():
            healthy = isinstance(spec, dict) and spec.get("condition") == "service_healthy"
            if healthy and not compose["services"].get(dep, {}).get("healthcheck"):
                problems.append(f"{name} waits for {dep} to be healthy, which has no healthcheck")
    return problems


def worker_problems(compose: dict[str, Any]) -> list[str]:
    problems = []
    worker = compose["services"]["worker"]
    depends = worker.get("depends_on") or {}
    wanted = {"kafka": "service_healthy", "kafka-init": "service_completed_successfully"}
    for dep, condition in wanted.items():
        if not isinstance(depends.get(dep), dict) or depends[dep].get("condition") != condition:
            problems.append(f"worker must depend on {dep} with condition {condition}")
    build = worker.get("build")
    context = build if isinstance(build, str) else (build or {}).get("context")
    if context != ".":
        problems.append("worker must be built from the repository's Dockerfile")
    env = environment(worker)
    if env.get("KAFKA_BOOTSTRAP_SERVERS") != "kafka:9092":
        problems.append("worker must reach the broker's internal listener kafka:9092")
    data_dir = env.get("LIVEBLOG_DATA_DIR")
    targets = {v.split(":")[1] for v in worker.get("volumes", []) if isinstance(v, str)}
    if data_dir not in targets:
        problems.append("LIVEBLOG_DATA_DIR must be a volume (the root filesystem is read-only)")
    if not worker.get("read_only") or "ALL" not in worker.get("cap_drop", []):
        problems.append("worker must run with a read-only root filesystem and no capabilities")
    test = " ".join(worker.get("healthcheck", {}).get("test", []))
    if (
        env.get("LIVEBLOG_WEB_ENABLED") != "true"
        or f":{env.get('LIVEBLOG_WEB_PORT')}/health" not in test
    ):
        problems.append(
            "worker healthcheck must query /health on LIVEBLOG_WEB_PORT with the web server on"
        )
    # Interpolated settings default to the worker's own defaults.
    for name, value in env.items():
        match = INTERPOLATION.match(value)
        if match and name in SETTING_OF_ENV:
            if match["name"] != name:
                problems.append(f"worker {name} is read from ${{{match['name']}}}")
            default = getattr(DEFAULTS, SETTING_OF_ENV[name])
            if match["default"] is not None and match["default"] != str(default):
                problems.append(
                    f"worker {name} defaults to {match['default']!r}, the worker to {default!r}"
                )
    return problems


def created_topics(compose: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """kafka-init's `create "$$VAR" args` lines: {VAR: (its interpolated value, args)}."""
    init = compose["services"]["kafka-init"]
    script = "\n".join(init["command"]) if isinstance(init["command"], list) else init["command"]
    env = environment(init)
    return {
        var: (env.get(var, ""), args.strip())
        for var, args in re.findall(r'^\s*create "\$\$(\w+)"(.*)$', script, re.M)
    }


def topic_problems(compose: dict[str, Any]) -> list[str]:
    problems = []
    topics = created_topics(compose)
    by_setting = {}
    for var, (value, args) in topics.items():
        match = INTERPOLATION.match(value)
        if not match or match["name"] not in SETTING_OF_ENV:
            problems.append(f"kafka-init {var} is not read from a LIVEBLOG_*_TOPIC setting")
            continue
        default = getattr(DEFAULTS, SETTING_OF_ENV[match["name"]])
        if match["default"] != default:
            problems.append(
                f"kafka-init {var} defaults to {match['default']!r}, the worker to {default!r}"
            )
        by_setting[SETTING_OF_ENV[match["name"]]] = args
    expected = {"raw_topic", "storage_topic", "alerts_topic", "dlq_topic"}
    if set(by_setting) != expected:
        problems.append(f"kafka-init creates {sorted(by_setting)}, not {sorted(expected)}")
    if "cleanup.policy=compact" not in by_setting.get("storage_topic", "").split():
        problems.append("the storage topic must be created with cleanup.policy=compact")
    if "retention.ms=1209600000" not in by_setting.get("dlq_topic", "").split():
        problems.append("the DLQ topic must be created with retention.ms=1209600000 (14 days)")
    partitions = environment(compose["services"]["kafka-init"]).get("PARTITIONS", "")
    match = INTERPOLATION.match(partitions)
    if (
        not match
        or match["name"] != "LIVEBLOG_TOPIC_PARTITIONS"
        or match["default"] != str(DEFAULTS.topic_partitions)
    ):
        problems.append("kafka-init PARTITIONS must be ${LIVEBLOG_TOPIC_PARTITIONS:-<the default>}")
    return problems


def kafka_problems(compose: dict[str, Any]) -> list[str]:
    kafka = compose["services"]["kafka"]
    env = environment(kafka)
    problems = []
    if not str(kafka.get("image", "")).startswith("apache/kafka:"):
        problems.append("the broker must be the official apache/kafka image")
    if set(env.get("KAFKA_PROCESS_ROLES", "").split(",")) != {"broker", "controller"}:
        problems.append("the broker must be a combined KRaft broker+controller")
    if any("ZOOKEEPER" in name for name in env):
        problems.append("KRaft mode: no ZooKeeper settings")
    return problems


CHECKS = [healthcheck_problems, worker_problems, topic_problems, kafka_problems]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_compose_file_passes(check: Any) -> None:
    assert check(load_compose()) == []


def _without_worker_healthcheck(c: dict[str, Any]) -> None:
    c["services"]["worker"].pop("healthcheck")


def _ui_healthcheck_disabled(c: dict[str, Any]) -> None:
    c["services"]["kafka-ui"]["healthcheck"] = {"disable": True}


def _init_not_awaited(c: dict[str, Any]) -> None:
    c["services"]["worker"]["depends_on"]["kafka-init"] = {"condition": "service_started"}


def _kafka_only_started(c: dict[str, Any]) -> None:
    c["services"]["worker"]["depends_on"]["kafka"]["condition"] = "service_started"


def _storage_not_compacted(c: dict[str, Any]) -> None:
    init = c["services"]["kafka-init"]
    init["command"] = [
        line.replace("cleanup.policy=compact", "cleanup.policy=delete") for line in init["command"]
    ]


def _wrong_default_topic(c: dict[str, Any]) -> None:
    c["services"]["kafka-init"]["environment"]["DLQ_TOPIC"] = "${LIVEBLOG_DLQ_TOPIC:-dead-letters}"


def _wrong_default_partitions(c: dict[str, Any]) -> None:
    c["services"]["worker"]["environment"]["LIVEBLOG_TOPIC_PARTITIONS"] = (
        "${LIVEBLOG_TOPIC_PARTITIONS:-12}"
    )


def _zookeeper(c: dict[str, Any]) -> None:
    c["services"]["kafka"]["environment"]["KAFKA_ZOOKEEPER_CONNECT"] = "zk:2181"


BROKEN = {
    "worker without healthcheck": (healthcheck_problems, _without_worker_healthcheck),
    "ui healthcheck disabled": (healthcheck_problems, _ui_healthcheck_disabled),
    "init not awaited": (worker_problems, _init_not_awaited),
    "kafka only started": (worker_problems, _kafka_only_started),
    "storage not compacted": (topic_problems, _storage_not_compacted),
    "wrong default topic": (topic_problems, _wrong_default_topic),
    "wrong default partitions": (worker_problems, _wrong_default_partitions),
    "zookeeper": (kafka_problems, _zookeeper),
}


@pytest.mark.parametrize(("check", "mutation"), BROKEN.values(), ids=BROKEN.keys())
def test_checks_catch_broken_compose_files(check: Any, mutation: Any) -> None:
    compose = copy.deepcopy(load_compose())
    mutation(compose)
    assert check(compose)


def test_compose_file_is_valid_against_the_compose_spec() -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in compose_validator().iter_errors(load_compose())
    ]
    assert not errors, errors


@pytest.mark.parametrize(
    "mutation",
    [
        lambda c: c["services"]["worker"].update(
            healthcheck={"test": ["CMD", "true"], "interval": 15}
        ),
        lambda c: c["services"]["worker"].update(depends_on={"kafka": {"condition": "healthy"}}),
        lambda c: c["services"]["kafka"].update(port=["29092:29092"]),
        lambda c: c.update(services={"worker": {"build": ".", "restart": ["always"]}}),
    ],
    ids=["interval not a duration", "unknown condition", "unknown key", "restart not a string"],
)
def test_compose_spec_rejects_broken_files(mutation: Any) -> None:
    compose = copy.deepcopy(load_compose())
    mutation(compose)
    assert not compose_validator().is_valid(compose)


def test_worker_image_is_slim_and_non_root() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^ARG PYTHON_IMAGE=python:[\d.]+-slim", text, re.M)
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users, "the runtime stage must switch to an unprivileged user"
    uid = users[-1].split(":")[0]
    assert uid.isdigit(), "the final USER must be numeric, so runAsNonRoot can check it"
    assert int(uid) > 0, "the final USER must not be root"
    assert re.search(rf"useradd --uid {uid}\b", text), (
        "the final USER must be the user the image creates"
    )
