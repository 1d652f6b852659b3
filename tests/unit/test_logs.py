"""JSON log lines of the worker (workers/logs.py)."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Iterator

import pytest

from workers.logs import JsonFormatter, logging_config


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("liveblog.test-logs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_extra_fields_become_keys_of_one_json_line(
    captured: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = captured
    logger.warning(
        "dead-lettered %s: %s", "raw[2]@7", "InvalidEnvelope",
        extra={"blog_id": "storm-surge", "topic": "raw", "partition": 2, "offset": 7,
               "error": "InvalidEnvelope", "event_id": None},
    )  # fmt: skip
    [line] = lines(stream)
    assert line.pop("time").endswith("Z")  # type: ignore[union-attr]
    assert line == {
        "level": "warning",
        "logger": "liveblog.test-logs",
        "message": "dead-lettered raw[2]@7: InvalidEnvelope",
        "blog_id": "storm-surge",
        "topic": "raw",
        "partition": 2,
        "offset": 7,
        "error": "InvalidEnvelope",
        "event_id": None,
    }


def test_exceptions_newlines_and_odd_values_stay_on_one_line(
    captured: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = captured
    try:
        raise RuntimeError("boom\nsecond line")
    except RuntimeError:
        logger.exception("pipeline failed\non purpose", extra={"key": b"\xff", "when": object()})
    assert len(stream.getvalue().splitlines()) == 1
    [line] = lines(stream)
    assert line["message"] == "pipeline failed\non purpose"
    assert "RuntimeError: boom" in str(line["exception"])
    assert line["level"] == "error"
    assert line["key"] == "b'\\xff'"


def test_standard_record_attributes_are_not_repeated(
    captured: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, stream = captured
    logger.info("plain")
    [line] = lines(stream)
    assert set(line) == {"time", "level", "logger", "message"}


def test_config_routes_every_logger_through_the_formatter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert logging_config("text", "info") is None
    config = logging_config("json", "debug")
    assert config is not None
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logging.config.dictConfig(config)
        logging.getLogger("faust.worker").info("Starting...")
        [line] = [json.loads(x) for x in capsys.readouterr().err.splitlines()]
        assert (line["logger"], line["message"]) == ("faust.worker", "Starting...")
        assert root.level == logging.DEBUG
    finally:
        root.handlers[:], root.level = saved[0], saved[1]
