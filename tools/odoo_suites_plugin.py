"""pytest plugin for `make test-odoo` (tools/test_odoo.sh): leaves Odoo test files out by name and
records each test's outcome for the comparison of the runs with and without the addon.

A test file left out (`--odoo-leave-out PATH`) is neither collected nor executed. Ignoring it in
pytest is not enough: the addon's `tests/__init__.py` imports every test file, and any other test
that imports `odoo.addons.<addon>.tests.common` runs that `__init__`, so one file importing a module
Odoo's packages do not ship would stop the whole session. The left-out file is therefore registered
as an empty module under its Odoo name before collection; its package imports that instead, and a
collected test that really needed something from it fails loudly on import.

`--odoo-outcomes FILE` writes one JSON object: test id -> {"outcome", "message"}, the outcome being the
worst of its phases and subtests (error at setup or teardown, failed, skipped, passed).
"""

import json
import sys
import types
from pathlib import Path

import pytest

# Worst first: a test keeps the worst outcome any of its reports gave.
_RANK = {"error": 0, "failed": 1, "skipped": 2, "passed": 3}


def pytest_addoption(parser):
    group = parser.getgroup("make test-odoo")
    group.addoption(
        "--odoo-leave-out",
        action="append",
        default=[],
        metavar="PATH",
        help="an Odoo test file (addons/<addon>/tests/<file>.py) to leave out: not collected, not imported",
    )
    group.addoption("--odoo-outcomes", metavar="FILE", help="write each test's outcome to FILE (JSON)")


def _odoo_module_name(path):
    if path.suffix != ".py" or path.parent.name != "tests" or not (path.parent.parent / "__manifest__.py").is_file():
        raise pytest.UsageError(f"--odoo-leave-out expects addons/<addon>/tests/<file>.py, got {path}")
    return f"odoo.addons.{path.parent.parent.name}.tests.{path.stem}"


def pytest_configure(config):
    left_out = set()
    for raw in config.getoption("odoo_leave_out"):
        path = Path(raw).resolve()
        name = _odoo_module_name(path)
        module = types.ModuleType(name, "left out of this run by make test-odoo")
        module.__file__ = str(path)
        sys.modules[name] = module
        left_out.add(path)
    config._odoo_left_out = left_out
    if config.getoption("odoo_outcomes"):
        config.pluginmanager.register(_OutcomeRecorder(config.getoption("odoo_outcomes")), "odoo_outcomes")


def pytest_ignore_collect(collection_path, config):
    if collection_path.resolve() in getattr(config, "_odoo_left_out", ()):
        return True
    return None


def _message(report):
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return crash.message
    if isinstance(report.longrepr, tuple):  # a skip: (path, line, reason)
        return str(report.longrepr[2])
    return str(report.longrepr or "")


class _OutcomeRecorder:
    def __init__(self, path):
        self.path = Path(path)
        self.outcomes = {}

    def pytest_runtest_logreport(self, report):
        if report.passed:
            outcome = "passed"
        elif report.skipped:
            outcome = "skipped"
        elif report.when == "call":
            outcome = "failed"
        else:
            outcome = "error"
        previous = self.outcomes.get(report.nodeid)
        if previous is None or _RANK[outcome] < _RANK[previous["outcome"]]:
            message = "" if outcome == "passed" else _message(report)
            self.outcomes[report.nodeid] = {"outcome": outcome, "message": message}

    def pytest_sessionfinish(self, session, exitstatus):
        self.path.write_text(json.dumps(self.outcomes, indent=1, sort_keys=True))
