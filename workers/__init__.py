"""liveblog-stream worker: Faust wiring, the pure pipeline, the embedded broker and the CLI."""

__version__ = "0.1.0"
