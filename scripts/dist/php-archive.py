#!/usr/bin/env python3
"""Packs the PHP classes (php/) as a Composer package archive: dist/paykassma-sdk-VERSION.zip,
the name and content `composer archive` gives (composer.json's archive.exclude leaves out the
tests and the benchmark). The archived composer.json carries the version, which a Composer
"artifact" repository reads from it.

    scripts/dist/php-archive.py VERSION OUT_DIR
"""
import json
import sys
import zipfile
from pathlib import Path

version, out = sys.argv[1], Path(sys.argv[2])
php = Path("php")
composer = json.loads((php / "composer.json").read_text())
excluded = {php / p.strip("/") for p in composer.get("archive", {}).get("exclude", [])}
composer = {"name": composer["name"], "version": version, **{k: v for k, v in composer.items() if k != "name"}}

name = composer["name"].replace("/", "-") + f"-{version}"
out.mkdir(parents=True, exist_ok=True)
archive = out / f"{name}.zip"
with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
    zf.writestr("composer.json", json.dumps(composer, indent=4) + "\n")
    for path in sorted(php.rglob("*")):
        if path.is_dir() or path.name == "composer.json" or any(e in path.parents or e == path for e in excluded):
            continue
        zf.write(path, path.relative_to(php).as_posix())
print(archive)
