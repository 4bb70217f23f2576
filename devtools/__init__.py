"""Developer tooling: the local broker, `make run`, test and bench helpers."""
