"""Refresh and compile the Qt translations.

    python -m resources.translations.build            # .ts → .qm (lrelease)
    python -m resources.translations.build --update   # also re-scan ui/ into the .ts files

The sources are English in `ui/`; `workstation_zh_CN.ts` must translate every one of them
(tests/resources checks that), `workstation_en.ts` marks English as shipped.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
LANGUAGES = ("zh_CN", "en")


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (it ships {name})")
    return found


def ts_path(language: str) -> Path:
    return HERE / f"workstation_{language}.ts"


def sources() -> list[str]:
    return sorted(str(p) for p in (REPO / "ui").rglob("*.py"))


def update() -> None:
    for language in LANGUAGES:
        subprocess.run(
            [tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources(),
             "-target-language", language, "-ts", str(ts_path(language))],
            check=True, capture_output=True,
        )


def release(out_dir: Path = HERE) -> list[Path]:
    built = []
    for language in LANGUAGES:
        qm = out_dir / f"workstation_{language}.qm"
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts_path(language)), "-qm",
                        str(qm)], check=True)
        built.append(qm)
    return built


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="re-scan ui/ into the .ts files")
    args = parser.parse_args()
    if args.update:
        update()
    for path in release():
        print(path.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
