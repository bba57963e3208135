"""Compares the outcomes of Odoo's own test suites with and without the addon (`make test-odoo`).

Usage: odoo_suites_compare.py WITH.json WITHOUT.json [--worse-ids FILE] [--rerun RERUN.json]
(the json files written by odoo_suites_plugin.py).
Prints the counts of both runs, then every test whose outcome is worse with the addon: it failed or
errored only with the addon, it was skipped only with the addon, or it did not run at all with the
addon. --worse-ids writes their pytest node ids to FILE, one a line. --rerun gives the outcomes of those
tests run again with the addon: a test that does as well as without the addon on its second run is
listed as unsteady (a timing failure of the machine, not the addon's), the others stay the addon's.
Exits 1 when any test is worse with the addon, 2 when a file is missing or empty.
"""

import json
import sys
from collections import Counter
from pathlib import Path

ORDER = ("passed", "failed", "error", "skipped")
# How bad an outcome is; a test whose outcome is worse with the addon is the addon's.
BADNESS = {"passed": 0, "skipped": 1, "failed": 2, "error": 2, "missing": 2}


def load(path):
    path = Path(path)
    if not path.is_file():
        print(f"make test-odoo: {path} is missing: the pytest run did not finish.", file=sys.stderr)
        sys.exit(2)
    outcomes = json.loads(path.read_text())
    if not outcomes:
        print(f"make test-odoo: {path} holds no test: nothing ran.", file=sys.stderr)
        sys.exit(2)
    return outcomes


def summary(outcomes):
    counts = Counter(result["outcome"] for result in outcomes.values())
    return ", ".join(f"{counts[outcome]} {outcome}" for outcome in ORDER) + f" ({len(outcomes)} tests)"


def main(with_path, without_path, worse_ids=None, rerun_path=None):
    with_addon, without_addon = load(with_path), load(without_path)
    print(f"without the addon: {summary(without_addon)}")
    print(f"with the addon:    {summary(with_addon)}")
    missing = {"outcome": "missing", "message": "did not run"}
    worse, better = [], []
    for test in sorted(with_addon.keys() | without_addon.keys()):
        got = with_addon.get(test, missing)
        base = without_addon.get(test, missing)
        if BADNESS[got["outcome"]] > BADNESS[base["outcome"]]:
            worse.append((test, got, base))
        elif BADNESS[got["outcome"]] < BADNESS[base["outcome"]]:
            better.append((test, got, base))
    shared = sorted(
        test
        for test in with_addon.keys() & without_addon.keys()
        if BADNESS[with_addon[test]["outcome"]] == BADNESS[without_addon[test]["outcome"]] == 2
    )
    if shared:
        print(f"\n{len(shared)} test(s) fail or error in both runs (not the addon's):")
        for test in shared:
            print(f"  {test}: {without_addon[test]['message'][:300]}")
    if better:
        print(f"\n{len(better)} test(s) do better with the addon than without:")
        for test, got, base in better:
            print(f"  {test}: {base['outcome']} without, {got['outcome']} with")
    if rerun_path:
        rerun = json.loads(Path(rerun_path).read_text()) if Path(rerun_path).is_file() else {}
        unsteady = [
            (test, got, base)
            for test, got, base in worse
            if test in rerun and BADNESS[rerun[test]["outcome"]] <= BADNESS[base["outcome"]]
        ]
        if unsteady:
            print(f"\n{len(unsteady)} test(s) failed once with the addon and did as well as without it when run again:")
            for test, got, _base in unsteady:
                print(f"  {test}: {got['outcome']} on the first run, {rerun[test]['outcome']} on the second")
            worse = [item for item in worse if item not in unsteady]
    if worse_ids:
        Path(worse_ids).write_text("".join(f"{test}\n" for test, _got, _base in worse))
    if not worse:
        print("\nNo test fails, errors or is skipped only with the addon.")
        return 0
    print(f"\n{len(worse)} test(s) fail, error or are skipped ONLY WITH THE ADDON:")
    for test, got, base in worse:
        print(f"  {got['outcome'].upper()} {test} (without the addon: {base['outcome']})")
        for line in (got["message"] or "").splitlines()[:6]:
            print(f"      {line[:300]}")
    return 1


if __name__ == "__main__":
    args = sys.argv[1:]
    options = {}
    for flag, key in (("--worse-ids", "worse_ids"), ("--rerun", "rerun_path")):
        if flag in args:
            at = args.index(flag)
            options[key] = args[at + 1] if at + 1 < len(args) else None
            del args[at : at + 2]
    if len(args) != 2 or None in options.values():
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*args, **options))
