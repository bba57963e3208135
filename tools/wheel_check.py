"""Checks a wheel of the addon built by whool (tools/wheel.sh runs it):

    wheel_check.py WHEEL ADDON_DIR

Every file of ADDON_DIR that git does not ignore is in the wheel under odoo/addons/<addon>/ (whool packs
only the files git tracks, so a new file not yet added would be missing), and so is every file the
manifest names (data, demo, asset globs). Prints the wheel's name and its files per folder; exits 1 on
any problem.
"""

import ast
import fnmatch
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

NOT_PACKED = {"pyproject.toml"}  # whool leaves the build configuration out of the wheel


def git_files(addon_dir, *options):
    out = subprocess.check_output(["git", "ls-files", "-z", *options], cwd=addon_dir, text=True)
    return {name for name in out.split("\0") if name}


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    wheel, addon_dir = Path(argv[1]), Path(argv[2])
    addon = addon_dir.resolve().name
    prefix = f"odoo/addons/{addon}/"
    with zipfile.ZipFile(wheel) as archive:
        packed = {name.removeprefix(prefix) for name in archive.namelist() if name.startswith(prefix)}
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))

    problems = []
    for name in sorted(git_files(addon_dir, "--others", "--exclude-standard")):
        problems.append(f"{addon}/{name} is not in git, so not in the wheel: git add it (or ignore it)")
    for name in sorted(git_files(addon_dir) - NOT_PACKED - packed):
        problems.append(f"{addon}/{name} is missing from the wheel")
    for name in ["__init__.py", "__manifest__.py", *manifest.get("data", []), *manifest.get("demo", [])]:
        if name not in packed:
            problems.append(f"{addon}/{name}, named in the manifest, is missing from the wheel")
    for bundle, globs in manifest.get("assets", {}).items():
        for pattern in globs:
            if isinstance(pattern, str) and not fnmatch.filter(packed, pattern.removeprefix(f"{addon}/")):
                problems.append(f"{pattern} ({bundle}) matches no file of the wheel")

    print(f"{wheel.name}: {len(packed)} files of {addon}")
    for folder, count in sorted(Counter(name.split("/")[0] if "/" in name else "." for name in packed).items()):
        print(f"  {folder + '/' if folder != '.' else '(top)'}: {count}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
