"""The Qt translations: zh_CN complete, .ts files in step with ui/, .qm files in step with .ts."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from resources.translations import build

PLACEHOLDER = re.compile(r"%\d+")
UNFINISHED = {"unfinished", "vanished", "obsolete"}


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, <translation> element) for every message of a .ts file."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{ts.name}: {name}: message without <translation>"
            found.append((name, message.findtext("source", ""), translation))
    return found


def pairs(ts: Path) -> set[tuple[str, str]]:
    return {(context, source) for context, source, _ in messages(ts)}


def accelerator(text: str) -> str | None:
    """The mnemonic letter of a label (`&File` → `F`, `文件(&F)` → `F`); `&&` is a literal."""
    match = re.search(r"&(\S)", text.replace("&&", ""))
    return match.group(1).upper() if match else None


def test_zh_cn_translates_every_message() -> None:
    found = messages(build.ts_path("zh_CN"))
    assert found, "workstation_zh_CN.ts has no messages"
    problems = []
    for context, source, translation in found:
        text = translation.text or ""
        where = f"{context}: {source!r}"
        if translation.get("type") in UNFINISHED:
            problems.append(f"{where} is {translation.get('type')}")
        if not text.strip():
            problems.append(f"{where} has no translation")
            continue
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
            problems.append(f"{where}: placeholders differ in {text!r}")
        if accelerator(text) != accelerator(source):
            problems.append(f"{where}: accelerator differs in {text!r}")
        if "…" in source and "…" not in text:
            problems.append(f"{where}: ellipsis lost in {text!r}")
    assert not problems, "\n".join(problems)


def test_en_ships_the_sources_unchanged() -> None:
    ts = build.ts_path("en")
    assert pairs(ts) == pairs(build.ts_path("zh_CN"))
    for context, source, translation in messages(ts):
        assert translation.get("type") not in UNFINISHED, f"{context}: {source!r}"
        assert translation.text == source, f"{context}: {source!r}"


def test_ts_is_up_to_date_with_ui(tmp_path: Path) -> None:
    committed = build.ts_path("zh_CN")
    scratch = tmp_path / committed.name
    shutil.copyfile(committed, scratch)
    subprocess.run(
        [build.tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *build.sources(),
         "-target-language", "zh_CN", "-ts", str(scratch)],
        check=True, capture_output=True,
    )
    before, after = pairs(committed), pairs(scratch)
    assert not after - before, (
        f"ui/ has strings missing from the .ts (run `python -m resources.translations.build "
        f"--update` and translate them): {sorted(after - before)}")
    assert not before - after, (
        f"the .ts keeps strings ui/ no longer uses (run the --update build): "
        f"{sorted(before - after)}")


def _translatable_calls() -> set[tuple[str, str]]:
    """Every tr()/translate() call of ui/ with literal arguments, as (context, source)."""
    found: set[tuple[str, str]] = set()

    def literal(node: ast.expr) -> str | None:
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) \
            else None

    def visit(node: ast.AST, cls: str | None) -> None:
        if isinstance(node, ast.ClassDef):
            cls = node.name
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            args = [literal(a) for a in node.args]
            if node.func.attr == "tr" and cls and args and args[0] is not None:
                found.add((cls, args[0]))
            elif node.func.attr == "translate" and len(args) >= 2 and None not in args[:2]:
                found.add((args[0], args[1]))  # type: ignore[arg-type]
        for child in ast.iter_child_nodes(node):
            visit(child, cls)

    for path in build.sources():
        visit(ast.parse(Path(path).read_text(encoding="utf-8")), None)
    return found


def test_every_translatable_call_reaches_the_ts() -> None:
    missing = _translatable_calls() - pairs(build.ts_path("zh_CN"))
    assert not missing, f"lupdate cannot see these calls (inside f-strings?): {sorted(missing)}"


def test_qm_files_are_current(tmp_path: Path) -> None:
    built = build.release(out_dir=tmp_path)
    assert len(built) == len(build.LANGUAGES)
    for fresh in built:
        committed = build.HERE / fresh.name
        assert committed.exists(), f"{committed.name} is not committed"
        assert fresh.read_bytes() == committed.read_bytes(), (
            f"{committed.name} is stale: run `python -m resources.translations.build`")


def test_zh_cn_qm_translates() -> None:
    translator = QTranslator()
    assert translator.load(str(build.HERE / "workstation_zh_CN.qm"))
    source = "Sync now (F5)"
    text = translator.translate("MainWindow", source)
    assert text
    assert text != source
    assert re.search(r"[\u4e00-\u9fff]", text), text
    assert "(F5)" in text


def test_zh_cn_inserts_names_without_spaces() -> None:
    """A name put into a Chinese sentence (a stock type's, a clerk's) sits right against its
    characters: "不是许可证正本证书纸（A4 横向）的印制号", not "不是 许可证… 的印制号"."""
    inserting_names = {
        ("StartShiftDialog", "“%1” is not a serial of %2: they look like %3."): "%2",
        ("StartShiftDialog", "Serials of %1 look like %2."): "%1",
        ("CertificateDeskView", "Shift of %1 since %2"): "%1",
        ("HandoverDialog", "%1 of %2"): "%2",
    }
    found = {(c, s): t.text or "" for c, s, t in messages(build.ts_path("zh_CN"))}
    for key, name in inserting_names.items():
        text = found[key]
        assert f" {name}" not in text and f"{name} " not in text, (key, text)
