"""deploy/: the Kubernetes manifests and the shell scripts.

Core Kubernetes objects are validated offline against the Kubernetes JSON schemas shipped by
the kubernetes-validate package (strict: unknown fields are errors). The custom resources
(KEDA ScaledObject and TriggerAuthentication, Strimzi KafkaTopic) are checked structurally and
against the worker's settings, since their CRD schemas are not packaged.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from tests.conftest import REPO_ROOT
from workers.settings import Settings, environment_variables

DEPLOY = REPO_ROOT / "deploy"
K8S = DEPLOY / "k8s"
KUBERNETES_VERSION = "1.30"
DEFAULTS = Settings.model_construct()

CORE_API_VERSIONS = {"v1", "apps/v1", "policy/v1"}
CUSTOM_KINDS = {
    ("keda.sh/v1alpha1", "ScaledObject"),
    ("keda.sh/v1alpha1", "TriggerAuthentication"),
    ("kafka.strimzi.io/v1beta2", "KafkaTopic"),
}


SETTING_OF_ENV = environment_variables()
ENV_OF_SETTING = {field: env for env, field in SETTING_OF_ENV.items()}


def load_kustomization() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    return data


def load_manifests() -> list[dict[str, Any]]:
    docs = []
    for name in load_kustomization()["resources"]:
        docs += [d for d in yaml.safe_load_all((K8S / name).read_text()) if d]
    return docs


def one(docs: list[dict[str, Any]], kind: str, name: str | None = None) -> dict[str, Any]:
    found = [
        d for d in docs if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)
    ]
    assert len(found) == 1, f"expected one {kind} {name or ''}, found {len(found)}"
    return found[0]


def config_map(docs: list[dict[str, Any]]) -> dict[str, str]:
    data: dict[str, str] = one(docs, "ConfigMap")["data"]
    return data


def kafka_topics(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {
        d["spec"].get("topicName", d["metadata"]["name"]): d
        for d in docs
        if d["kind"] == "KafkaTopic"
    }


# ---- files and schemas ----


def test_kustomization_lists_every_manifest() -> None:
    kustomization = load_kustomization()
    assert kustomization["apiVersion"] == "kustomize.config.k8s.io/v1beta1"
    assert kustomization["kind"] == "Kustomization"
    files = sorted(p.name for p in K8S.glob("*.y*ml") if p.name != "kustomization.yaml")
    assert sorted(kustomization["resources"]) == files
    image_names = {i["name"] for i in kustomization.get("images", [])}
    deployment = one(load_manifests(), "Deployment")
    for container in deployment["spec"]["template"]["spec"]["containers"]:
        assert container["image"] in image_names, (
            "kustomization.yaml `images` must set the worker image"
        )


def test_every_manifest_is_a_known_kind() -> None:
    for doc in load_manifests():
        kind = (doc["apiVersion"], doc["kind"])
        assert doc["apiVersion"] in CORE_API_VERSIONS or kind in CUSTOM_KINDS, kind


def core_objects() -> list[dict[str, Any]]:
    return [d for d in load_manifests() if d["apiVersion"] in CORE_API_VERSIONS]


@pytest.mark.parametrize(
    "doc", core_objects(), ids=lambda d: f"{d['kind']}/{d['metadata']['name']}"
)
def test_core_objects_are_valid_kubernetes(doc: dict[str, Any]) -> None:
    kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


def _container(d: dict[str, Any]) -> dict[str, Any]:
    container: dict[str, Any] = d["spec"]["template"]["spec"]["containers"][0]
    return container


BROKEN_CORE = {
    "unknown field": ("Deployment", lambda d: d["spec"].update(replica=2)),
    "port as string": (
        "Deployment",
        lambda d: _container(d)["ports"][0].update(containerPort="http"),
    ),
    "boolean as string": (
        "Deployment",
        lambda d: _container(d)["securityContext"].update(runAsNonRoot="yes"),
    ),
    "container without name": ("Deployment", lambda d: _container(d).pop("name")),
    "configmap number": ("ConfigMap", lambda d: d["data"].update(LIVEBLOG_WEB_PORT=6066)),
    "pdb selector list": ("PodDisruptionBudget", lambda d: d["spec"].update(selector=[])),
}


@pytest.mark.parametrize(("kind", "mutation"), BROKEN_CORE.values(), ids=BROKEN_CORE.keys())
def test_kubernetes_schemas_reject_broken_objects(kind: str, mutation: Any) -> None:
    doc = copy.deepcopy(one(load_manifests(), kind))
    mutation(doc)
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)


# Structural schemas of the custom resources: the fields we rely on.
STRING_MAP = {"type": "object", "additionalProperties": {"type": "string"}}
METADATA = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
CUSTOM_SCHEMAS: dict[str, dict[str, Any]] = {
    "ScaledObject": {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": "keda.sh/v1alpha1"},
            "metadata": METADATA,
            "spec": {
                "type": "object",
                "required": ["scaleTargetRef", "minReplicaCount", "maxReplicaCount", "triggers"],
                "properties": {
                    "scaleTargetRef": {"type": "object", "required": ["name"]},
                    "minReplicaCount": {"type": "integer", "minimum": 1},
                    "maxReplicaCount": {"type": "integer", "minimum": 1},
                    "pollingInterval": {"type": "integer", "minimum": 1},
                    "cooldownPeriod": {"type": "integer", "minimum": 0},
                    "triggers": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["type", "metadata"],
                            "properties": {
                                "type": {"type": "string"},
                                # KEDA trigger metadata values are strings.
                                "metadata": STRING_MAP,
                                "authenticationRef": {"type": "object", "required": ["name"]},
                            },
                        },
                    },
                },
            },
        },
    },
    "TriggerAuthentication": {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "metadata": METADATA,
            "spec": {
                "type": "object",
                "required": ["secretTargetRef"],
                "properties": {
                    "secretTargetRef": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["parameter", "name", "key"],
                            "additionalProperties": False,
                            "properties": {
                                k: {"type": "string"} for k in ("parameter", "name", "key")
                            },
                        },
                    }
                },
            },
        },
    },
    "KafkaTopic": {
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": "kafka.strimzi.io/v1beta2"},
            "metadata": {
                "type": "object",
                "required": ["name", "labels"],
                "properties": {
                    "name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"},
                    "labels": {"type": "object", "required": ["strimzi.io/cluster"]},
                },
            },
            "spec": {
                "type": "object",
                "required": ["topicName", "partitions", "replicas", "config"],
                "additionalProperties": False,
                "properties": {
                    "topicName": {"type": "string"},
                    "partitions": {"type": "integer", "minimum": 1},
                    "replicas": {"type": "integer", "minimum": 1, "maximum": 32767},
                    "config": {"type": "object"},
                },
            },
        },
    },
}


@pytest.mark.parametrize("kind", sorted(CUSTOM_SCHEMAS))
def test_custom_resources_are_structurally_valid(kind: str) -> None:
    docs = [d for d in load_manifests() if d["kind"] == kind]
    assert docs, kind
    for doc in docs:
        jsonschema.Draft202012Validator(CUSTOM_SCHEMAS[kind]).validate(doc)


# ---- consistency with the worker's settings, each check returning what is wrong ----


def env_problems(docs: list[dict[str, Any]]) -> list[str]:
    """Every variable the pod gets is a setting."""
    known = set(SETTING_OF_ENV)
    problems = []
    names = set(config_map(docs))
    for secret in (d for d in docs if d["kind"] == "Secret"):
        pod_env = _container(one(docs, "Deployment")).get("envFrom", [])
        if any(e.get("secretRef", {}).get("name") == secret["metadata"]["name"] for e in pod_env):
            names |= set(secret.get("stringData", {})) | set(secret.get("data", {}))
    for container in one(docs, "Deployment")["spec"]["template"]["spec"]["containers"]:
        names |= {e["name"] for e in container.get("env", [])}
        for source in container.get("envFrom", []):
            ref = source.get("configMapRef") or source.get("secretRef")
            kind = "ConfigMap" if "configMapRef" in source else "Secret"
            if not any(d["kind"] == kind and d["metadata"]["name"] == ref["name"] for d in docs):
                problems.append(f"envFrom {kind} {ref['name']} is not in the manifests")
    problems += [f"{name} is not a setting" for name in sorted(names - known)]
    return problems


def deployment_problems(docs: list[dict[str, Any]]) -> list[str]:
    problems = []
    deployment = one(docs, "Deployment")
    pod = deployment["spec"]["template"]["spec"]
    container = _container(deployment)
    cm = config_map(docs)
    if "replicas" in deployment["spec"]:
        problems.append("spec.replicas fights the ScaledObject: leave it out")
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    if deployment["spec"]["selector"]["matchLabels"].items() - labels.items():
        problems.append("the selector does not match the pod template")
    pod_security = pod.get("securityContext", {})
    security = container.get("securityContext", {})
    if not (pod_security.get("runAsNonRoot") or security.get("runAsNonRoot")):
        problems.append("runAsNonRoot is not set")
    if pod_security.get("runAsUser", 0) == 0:
        problems.append("runAsUser must be the image's non-root uid")
    if security.get("readOnlyRootFilesystem") is not True:
        problems.append("readOnlyRootFilesystem is not set")
    if security.get("allowPrivilegeEscalation") is not False:
        problems.append("allowPrivilegeEscalation is not false")
    if "ALL" not in security.get("capabilities", {}).get("drop", []):
        problems.append("capabilities are not all dropped")
    resources = container.get("resources", {})
    for bound in ("requests", "limits"):
        if not {"cpu", "memory"} <= set(resources.get(bound, {})):
            problems.append(f"resources.{bound} needs cpu and memory")
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
    data_volume = volumes.get(mounts.get(cm.get("LIVEBLOG_DATA_DIR", ""), ""), {})
    if "emptyDir" not in data_volume:
        problems.append("LIVEBLOG_DATA_DIR must be an emptyDir mount")
    if cm.get("LIVEBLOG_WEB_ENABLED") != "true":
        problems.append("probes need LIVEBLOG_WEB_ENABLED=true")
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    for probe, path in (("livenessProbe", "/health"), ("readinessProbe", "/ready")):
        get = container.get(probe, {}).get("httpGet", {})
        port = ports.get(get.get("port"), get.get("port"))
        if get.get("path") != path or str(port) != cm.get("LIVEBLOG_WEB_PORT"):
            problems.append(f"{probe} must GET {path} on LIVEBLOG_WEB_PORT")
    annotations = one(docs, "Deployment")["spec"]["template"]["metadata"].get("annotations", {})
    if annotations.get("prometheus.io/port") != cm.get("LIVEBLOG_WEB_PORT") or (
        annotations.get("prometheus.io/path") != "/metrics"
    ):
        problems.append("prometheus.io annotations must point at /metrics on LIVEBLOG_WEB_PORT")
    return problems


def scaling_problems(docs: list[dict[str, Any]]) -> list[str]:
    problems = []
    cm = config_map(docs)
    scaled = one(docs, "ScaledObject")
    spec = scaled["spec"]
    deployment = one(docs, "Deployment")
    if spec["scaleTargetRef"]["name"] != deployment["metadata"]["name"]:
        problems.append("the ScaledObject does not target the Deployment")
    if spec["scaleTargetRef"].get("kind", "Deployment") != "Deployment":
        problems.append("the ScaledObject must target a Deployment")
    raw_topic = kafka_topics(docs).get(DEFAULTS.raw_topic)
    partitions = raw_topic["spec"]["partitions"] if raw_topic else 0
    if not 1 <= spec["minReplicaCount"] <= spec["maxReplicaCount"] <= partitions:
        problems.append(
            f"need 1 <= minReplicaCount <= maxReplicaCount <= {partitions} raw partitions"
        )
    if spec["maxReplicaCount"] != partitions:
        problems.append("maxReplicaCount should be the raw topic's partition count")
    triggers = [t for t in spec["triggers"] if t["type"] == "kafka"]
    if len(triggers) != 1:
        return [*problems, "need exactly one kafka trigger"]
    meta = triggers[0]["metadata"]
    expected = {
        "consumerGroup": cm.get("LIVEBLOG_APP_ID"),
        "topic": cm.get("LIVEBLOG_RAW_TOPIC"),
        "bootstrapServers": cm.get("KAFKA_BOOTSTRAP_SERVERS"),
        "offsetResetPolicy": cm.get("LIVEBLOG_CONSUMER_AUTO_OFFSET_RESET"),
    }
    for key, value in expected.items():
        if meta.get(key) != value:
            problems.append(f"trigger {key} is {meta.get(key)!r}, the worker's is {value!r}")
    if meta.get("consumerGroup") != DEFAULTS.app_id:
        problems.append("consumerGroup must be the default app id (the worker's consumer group)")
    if not meta.get("lagThreshold", "").isdigit() or int(meta["lagThreshold"]) < 1:
        problems.append("lagThreshold must be a positive integer string")
    # KEDA's own Kafka client must use the same security as the worker.
    secret = one(docs, "Secret", "liveblog-stream-kafka")["stringData"]
    protocol, mechanism = secret["KAFKA_SECURITY_PROTOCOL"], secret.get("KAFKA_SASL_MECHANISM", "")
    wanted_sasl = {
        "PLAIN": "plaintext",
        "SCRAM-SHA-256": "scram_sha256",
        "SCRAM-SHA-512": "scram_sha512",
    }
    if protocol.startswith("SASL_") and meta.get("sasl") != wanted_sasl.get(mechanism):
        problems.append(f"trigger sasl must be {wanted_sasl.get(mechanism)!r} for {mechanism}")
    if protocol.endswith("SSL") != (meta.get("tls") == "enable"):
        problems.append(
            f"trigger tls must be enabled exactly when the protocol is TLS ({protocol})"
        )
    auth = triggers[0].get("authenticationRef")
    if protocol != "PLAINTEXT":
        if not auth:
            problems.append("a secured cluster needs an authenticationRef")
        else:
            trigger_auth = one(docs, "TriggerAuthentication", auth["name"])
            for ref in trigger_auth["spec"]["secretTargetRef"]:
                secret_doc = one(docs, "Secret", ref["name"])
                if ref["key"] not in secret_doc.get("stringData", {}) | secret_doc.get("data", {}):
                    problems.append(
                        f"TriggerAuthentication reads {ref['name']}/{ref['key']}, which is not there"
                    )
    return problems


def topic_problems(docs: list[dict[str, Any]]) -> list[str]:
    problems = []
    cm = config_map(docs)
    topics = kafka_topics(docs)
    wanted = {
        cm.get(ENV_OF_SETTING[f])
        for f in ("raw_topic", "storage_topic", "alerts_topic", "dlq_topic")
    }
    defaults = {
        DEFAULTS.raw_topic,
        DEFAULTS.storage_topic,
        DEFAULTS.alerts_topic,
        DEFAULTS.dlq_topic,
    }
    if set(topics) != wanted or wanted != defaults:
        problems.append(
            f"KafkaTopics {sorted(topics)}, ConfigMap {sorted(map(str, wanted))}, defaults {sorted(defaults)}"
        )
    for name, topic in topics.items():
        spec = topic["spec"]
        if str(spec["partitions"]) != cm.get("LIVEBLOG_TOPIC_PARTITIONS"):
            problems.append(f"{name}: partitions differ from LIVEBLOG_TOPIC_PARTITIONS")
        if str(spec["replicas"]) != cm.get("LIVEBLOG_TOPIC_REPLICATION_FACTOR"):
            problems.append(f"{name}: replicas differ from LIVEBLOG_TOPIC_REPLICATION_FACTOR")
        min_isr = spec["config"].get("min.insync.replicas", 1)
        if not 1 <= min_isr <= spec["replicas"]:
            problems.append(f"{name}: min.insync.replicas must be between 1 and replicas")
    storage = topics.get(DEFAULTS.storage_topic, {}).get("spec", {}).get("config", {})
    if storage.get("cleanup.policy") != "compact":
        problems.append("the storage topic must be compacted")
    dlq = topics.get(DEFAULTS.dlq_topic, {}).get("spec", {}).get("config", {})
    if (
        dlq.get("retention.ms") != 1_209_600_000
        or "retention.ms=$dlq_retention_ms" not in (DEPLOY / "topics.sh").read_text()
    ):
        problems.append("the DLQ keeps 14 days, as deploy/topics.sh creates it")
    return problems


def pdb_problems(docs: list[dict[str, Any]]) -> list[str]:
    pdb = one(docs, "PodDisruptionBudget")["spec"]
    labels = one(docs, "Deployment")["spec"]["template"]["metadata"]["labels"]
    problems = []
    if pdb.get("maxUnavailable") != 1 or "minAvailable" in pdb:
        problems.append("the PodDisruptionBudget must allow exactly one pod down")
    if (
        not pdb["selector"]["matchLabels"]
        or pdb["selector"]["matchLabels"].items() - labels.items()
    ):
        problems.append("the PodDisruptionBudget does not select the worker's pods")
    return problems


CHECKS = [env_problems, deployment_problems, scaling_problems, topic_problems, pdb_problems]


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_manifests_pass(check: Any) -> None:
    assert check(load_manifests()) == []


def test_config_map_values_are_valid_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SETTING_OF_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in config_map(load_manifests()).items():
        monkeypatch.setenv(name, value)
    settings = Settings()  # raises on a bad value
    assert settings.web_enabled
    assert settings.app_id == DEFAULTS.app_id


def _edit(kind: str, change: Any, name: str | None = None) -> Any:
    def mutate(docs: list[dict[str, Any]]) -> None:
        change(one(docs, kind, name))

    return mutate


BROKEN = {
    "unknown setting": (
        env_problems,
        _edit("ConfigMap", lambda d: d["data"].update(LIVEBLOG_TOPICS="x")),
    ),
    "unknown secret": (
        env_problems,
        _edit(
            "Secret", lambda d: d["stringData"].update(KAFKA_SASL_JAAS="x"), "liveblog-stream-kafka"
        ),
    ),
    "missing envFrom": (
        env_problems,
        _edit(
            "Deployment",
            lambda d: _container(d)["envFrom"].append({"configMapRef": {"name": "nope"}}),
        ),
    ),
    "replicas set": (
        deployment_problems,
        _edit("Deployment", lambda d: d["spec"].update(replicas=2)),
    ),
    "root": (
        deployment_problems,
        _edit(
            "Deployment",
            lambda d: d["spec"]["template"]["spec"]["securityContext"].update(runAsUser=0),
        ),
    ),
    "writable root": (
        deployment_problems,
        _edit(
            "Deployment",
            lambda d: _container(d)["securityContext"].update(readOnlyRootFilesystem=False),
        ),
    ),
    "no limits": (
        deployment_problems,
        _edit("Deployment", lambda d: _container(d)["resources"].pop("limits")),
    ),
    "scrape annotation port": (
        deployment_problems,
        _edit(
            "Deployment",
            lambda d: d["spec"]["template"]["metadata"]["annotations"].update(
                {"prometheus.io/port": "9999"}
            ),
        ),
    ),
    "readiness on /health": (
        deployment_problems,
        _edit(
            "Deployment",
            lambda d: _container(d)["readinessProbe"]["httpGet"].update(path="/health"),
        ),
    ),
    "web disabled": (
        deployment_problems,
        _edit("ConfigMap", lambda d: d["data"].update(LIVEBLOG_WEB_ENABLED="false")),
    ),
    "too many replicas": (
        scaling_problems,
        _edit("ScaledObject", lambda d: d["spec"].update(maxReplicaCount=8)),
    ),
    "wrong group": (
        scaling_problems,
        _edit(
            "ScaledObject",
            lambda d: d["spec"]["triggers"][0]["metadata"].update(consumerGroup="other"),
        ),
    ),
    "wrong lag topic": (
        scaling_problems,
        _edit(
            "ScaledObject",
            lambda d: d["spec"]["triggers"][0]["metadata"].update(topic="liveblog.storage"),
        ),
    ),
    "plain trigger on TLS": (
        scaling_problems,
        _edit("ScaledObject", lambda d: d["spec"]["triggers"][0]["metadata"].pop("tls")),
    ),
    "wrong sasl": (
        scaling_problems,
        _edit(
            "ScaledObject", lambda d: d["spec"]["triggers"][0]["metadata"].update(sasl="plaintext")
        ),
    ),
    "storage not compact": (
        topic_problems,
        _edit(
            "KafkaTopic",
            lambda d: d["spec"]["config"].update({"cleanup.policy": "delete"}),
            "liveblog-storage",
        ),
    ),
    "partitions differ": (
        topic_problems,
        _edit("KafkaTopic", lambda d: d["spec"].update(partitions=8), "liveblog-alerts"),
    ),
    "renamed topic": (
        topic_problems,
        _edit("KafkaTopic", lambda d: d["spec"].update(topicName="liveblog.dead"), "liveblog-dlq"),
    ),
    "pdb minAvailable": (
        pdb_problems,
        _edit("PodDisruptionBudget", lambda d: d["spec"].update(maxUnavailable=2)),
    ),
}


@pytest.mark.parametrize(("check", "mutation"), BROKEN.values(), ids=BROKEN.keys())
def test_checks_catch_broken_manifests(check: Any, mutation: Any) -> None:
    docs = copy.deepcopy(load_manifests())
    mutation(docs)
    assert check(docs)


def test_structural_schemas_reject_broken_custom_resources() -> None:
    topic = copy.deepcopy(one(load_manifests(), "KafkaTopic", "liveblog-raw"))
    topic["spec"]["partitions"] = "4"
    assert not jsonschema.Draft202012Validator(CUSTOM_SCHEMAS["KafkaTopic"]).is_valid(topic)
    scaled = copy.deepcopy(one(load_manifests(), "ScaledObject"))
    scaled["spec"]["triggers"][0]["metadata"]["lagThreshold"] = 50
    assert not jsonschema.Draft202012Validator(CUSTOM_SCHEMAS["ScaledObject"]).is_valid(scaled)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(
    "script", sorted(DEPLOY.glob("**/*.sh")), ids=lambda p: str(p.relative_to(DEPLOY))
)
def test_shell_scripts_parse(script: Path) -> None:
    result = subprocess.run(
        ["bash", "-n", str(script)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("kubectl") is None, reason="needs kubectl (kustomize built in)")
def test_kustomize_builds_the_manifests() -> None:
    result = subprocess.run(
        ["kubectl", "kustomize", str(K8S)], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    built = [d for d in yaml.safe_load_all(result.stdout) if d]
    assert sorted((d["kind"], d["metadata"]["name"]) for d in built) == sorted(
        (d["kind"], d["metadata"]["name"]) for d in load_manifests()
    )
    namespace = load_kustomization()["namespace"]
    image = load_kustomization()["images"][0]
    for doc in built:
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == namespace, doc["kind"]
        if doc["apiVersion"] in CORE_API_VERSIONS:
            kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    container = _container(one(built, "Deployment"))
    assert container["image"] == f"{image['newName']}:{image['newTag']}"
