# The README's two commands are `make demo` and `make test`; the rest are for developers.
.PHONY: demo test lint format bench setup

setup:
	scripts/setup

demo:
	scripts/demo

test:
	scripts/test

lint:
	scripts/setup
	.venv/bin/ruff format --check joinedup benchmarks scripts deploy
	.venv/bin/ruff check joinedup benchmarks scripts deploy
	.venv/bin/lint-imports --no-cache
	.venv/bin/mypy joinedup

format:
	.venv/bin/ruff format joinedup benchmarks scripts deploy
	.venv/bin/ruff check --fix joinedup benchmarks scripts deploy

bench:
	scripts/bench
