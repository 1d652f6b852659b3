"""``liveblog parse`` as a user runs it: a real process, its stdout, stderr and status."""

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from schemas import LiveBlogEvent
from workers.demo import sample_files


def liveblog(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "workers", *args],
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_parse_seed(seed_path: Path) -> None:
    result = liveblog("parse", str(seed_path))
    assert result.returncode == 0, result.stderr
    events = [LiveBlogEvent.model_validate_json(line) for line in result.stdout.splitlines()]
    assert [e.published_at.strftime("%H:%M") for e in events] == [
        "20:31", "19:24", "12:10", "12:00", "11:38", "10:36", "10:04",
    ]  # fmt: skip
    assert {e.blog_id for e in events} == {seed_path.stem}


def test_parse_stdin_with_options() -> None:
    result = liveblog(
        "parse", "-", "--blog-id", "b1", "--source", "Wire", stdin="0900 GMT — H\n\nBody.".encode()
    )
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    data = orjson.loads(line)
    assert (data["blog_id"], data["source"], data["headline"]) == ("b1", "Wire", "H")


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.name)
def test_parse_shipped_samples(path: Path) -> None:
    result = liveblog("parse", str(path))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) >= 5


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xff\xfe", b"UndecodableMessage"),
        (b"just prose, no entries", b"NoEntriesFound"),
        (b'{"content": 1}', b"InvalidEnvelope"),
        (b"", b"EmptyMessage"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(
    tmp_path: Path, content: bytes, words: bytes
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = liveblog("parse", str(bad))
    assert result.returncode == 1
    assert result.stdout == b""
    assert len(result.stderr.strip().splitlines()) == 1
    assert words in result.stderr
    assert b"Traceback" not in result.stderr


def test_missing_file_is_one_line() -> None:
    result = liveblog("parse", "/nonexistent/blog.txt")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        b"Error: cannot read '/nonexistent/blog.txt': No such file or directory"
    ]


def test_partly_bad_file_prints_good_events_and_fails(tmp_path: Path) -> None:
    bad = tmp_path / "partial.txt"
    bad.write_text("2024-03-12\n\n1000 GMT — Fine\n\nOk.\n\n2561 GMT — Impossible\n\nLost.")
    result = liveblog("parse", str(bad))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    assert b"2561 GMT" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_publish_progress_is_a_bar_on_a_terminal_and_silent_otherwise() -> None:
    import io

    from rich.console import Console

    from workers.cli import publish_progress

    plain = io.StringIO()
    with publish_progress(3, "liveblog.raw", Console(file=plain, force_terminal=False)) as acked:
        acked()
    assert plain.getvalue() == ""
    terminal = io.StringIO()
    console = Console(file=terminal, force_terminal=True, width=100)
    with publish_progress(2, "liveblog.raw", console) as acked:
        acked()
        acked()
    assert "publishing to liveblog.raw" in terminal.getvalue()
    assert "2/2" in terminal.getvalue()
