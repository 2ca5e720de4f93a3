"""Regenerate NAME.lock from NAME.in by asking pip to resolve without installing."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def main(name: str) -> None:
    """Resolve NAME.in and write every pinned distribution to NAME.lock."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
                        "--quiet", "--report", str(report), "-r", f"{name}.in"], check=True)
        items = json.loads(report.read_text())["install"]
    pins = sorted(f"{i['metadata']['name'].lower()}=={i['metadata']['version']}" for i in items)
    header = f"# Generated from {name}.in with `make lock`; do not edit by hand.\n"
    Path(f"{name}.lock").write_text(header + "\n".join(pins) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
