"""Sandbox mode prints on its simulated printer: a certificate for training lands as a
PDF in the sandbox's folder, with the training mark; production has no such printer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from printing import certificates as cert
from printing import printers
from server.seed.certificates import demo_certificates
from tests.system.services import require
from workstation.core import SANDBOX_PRINTER, Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault

NO_CUPS = {"PATH": "/nonexistent", "HOME": "/nonexistent"}


def test_a_training_certificate_is_written_to_the_sandbox_folder(tmp_path: Path) -> None:
    require(bool(shutil.which("pdftotext")), "poppler-utils is not installed")
    ws = Workstation(paths_for(Mode.SANDBOX, tmp_path / "data"), server_url="",
                     vault=FileVault(tmp_path / "vault.json"))
    try:
        assert [p.name for p in printers.list_printers(env=NO_CUPS)] == [SANDBOX_PRINTER]
        demo = next(c for c in demo_certificates() if c["template"] == "permit")
        template = cert.load_templates().templates["permit"]
        values = cert.certificate_values(demo["fields"],
                                         certificate_id=str(demo["certificate_id"]),
                                         case_number=demo["case_number"])
        job = cert.print_certificate(cert.layout(template, values), SANDBOX_PRINTER,
                                     training=True)
        assert printers.job_state(job, env=NO_CUPS).status is printers.JobStatus.COMPLETED
        (written,) = ws.printed_folder.iterdir()
        text = subprocess.run(["pdftotext", str(written), "-"], check=True,
                              capture_output=True, text=True).stdout
        assert all(c in text for c in "培训专用无效")
        assert demo["fields"]["统一社会信用代码"] in text
    finally:
        ws.close()
    assert all(p.name != SANDBOX_PRINTER for p in printers._folder_listing())


def test_production_has_no_simulated_printer(tmp_path: Path) -> None:
    ws = Workstation(paths_for(Mode.PRODUCTION, tmp_path / "data"), server_url="",
                     vault=FileVault(tmp_path / "vault.json"))
    try:
        assert printers._folder_listing() == []
    finally:
        ws.close()
