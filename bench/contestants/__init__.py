"""Contestants of ``bench/run.py``, each run as its own process, configured like the worker."""
