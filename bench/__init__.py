"""factbot's benchmarks: `make bench` (`.venv/bin/python -m bench [--quick]`) writes BENCHMARKS.md."""
