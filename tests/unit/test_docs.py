"""The README documents every setting, and the compose file uses only real ones."""

import re

from tests.conftest import REPO_ROOT
from workers.settings import environment_variables


def env_names() -> set[str]:
    return set(environment_variables())


def test_readme_documents_every_setting() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    missing = sorted(name for name in env_names() if f"`{name}`" not in readme)
    assert not missing, f"README configuration table lacks {missing}"


def test_deployment_files_use_only_known_settings() -> None:
    known = env_names()
    for path in [REPO_ROOT / "docker-compose.yml", REPO_ROOT / "deploy" / "topics.sh"]:
        used = set(re.findall(r"\b((?:LIVEBLOG|KAFKA)_[A-Z_]+)\b", path.read_text()))
        # Variables of the Apache Kafka image and of kafka-topics.sh are not ours.
        ours = {n for n in used if n.startswith("LIVEBLOG_") or n == "KAFKA_BOOTSTRAP_SERVERS"}
        assert ours <= known, f"{path.name} uses unknown settings {sorted(ours - known)}"
