# make run: start Lull (ARGS="--plan deep" passes options); make test: lint and every test;
# make bench: the benchmarks (several minutes, not part of make test).
# make prompts: render the spoken prompts again (needs flite; ARGS="--measure PYTHON" measures them).
# Each makes .venv and brings the system packages it needs first.

VENV := .venv
PYTHON := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed

.PHONY: run test lint bench prompts system-run system-test system-bench clean

run: system-run $(INSTALLED)
	$(VENV)/bin/lull $(ARGS)

# The tests timed against real sound or the real app run alone, after the rest (two at a time).
test: system-test $(INSTALLED) lint
	$(PYTHON) -m pytest -m "not alone" --numprocesses=2
	$(PYTHON) -m pytest -m alone

lint: $(INSTALLED)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: system-bench $(INSTALLED)
	$(PYTHON) -m benchmarks

prompts: $(INSTALLED)
	$(PYTHON) tools/render_prompts.py $(ARGS)

system-run:
	@sh tools/system-packages.sh run

system-test:
	@sh tools/system-packages.sh test

system-bench:
	@sh tools/system-packages.sh bench

$(INSTALLED): pyproject.toml
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet --editable '.[test]'
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis test-artifacts
