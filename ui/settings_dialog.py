"""Settings: the server to use (URL, CA bundle), language, sync interval, and the printer
each kind of document goes to first (listed from CUPS in the background)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ui.messages import describe
from ui.ops import Operations
from workstation.errors import ConfigError
from workstation.settings import DOCUMENT_TYPES, Settings

if TYPE_CHECKING:
    from printing.printers import Printer
    from workstation.card_readers import CardReaders


class SettingsDialog(QDialog):
    printers_loaded = Signal(int)

    def __init__(self, settings: Settings, *, sandbox: bool, ops: Operations | None = None,
                 readers: CardReaders | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._original = settings
        self.result_settings: Settings | None = None

        self.server_url = QLineEdit(settings.server_url, self)
        self.server_url.setObjectName("serverUrl")
        self.server_url.setPlaceholderText("https://zwfw.example.gov.cn/")
        self.ca_bundle = QLineEdit(settings.ca_bundle, self)
        self.ca_bundle.setObjectName("caBundle")
        self.ca_bundle.setPlaceholderText(self.tr("System certificates"))
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle)
        ca_row.addWidget(browse)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.interval = QSpinBox(self)
        self.interval.setRange(1, 1440)
        self.interval.setValue(max(1, settings.sync_interval_s // 60))
        self.interval.setSuffix(self.tr(" min"))

        labels = {"material_list": self.tr("Material lists"), "form": self.tr("Blank forms"),
                  "receipt": self.tr("Acceptance notices"),
                  "notice": self.tr("One-time notices"), "refusal": self.tr("Refusals"),
                  "certificate": self.tr("Certificates")}
        self.printer_choice: dict[str, QComboBox] = {}
        printers = QGroupBox(self.tr("Printers"), self)
        printer_form = QFormLayout(printers)
        for kind in DOCUMENT_TYPES:
            combo = QComboBox(printers)
            combo.setObjectName(f"printer_{kind}")
            self.printer_choice[kind] = combo
            printer_form.addRow(labels[kind], combo)
        self.printer_note = QLabel(self.tr("Looking for printers…"), printers)
        self.printer_note.setWordWrap(True)
        printer_form.addRow(self.printer_note)
        self._fill_printers([])
        if ops is not None:
            from printing import printers as cups

            ops.run(cups.list_printers, self._printers_found, self._no_printers)

        self._readers = readers
        cards = QGroupBox(self.tr("Card readers"), self)
        cards.setObjectName("cardReaders")
        card_form = QFormLayout(cards)
        self.card_reader = QComboBox(cards)
        self.card_reader.setObjectName("cardReader")
        self.card_reader.addItem(self.tr("Automatic (the reader with a document on it)"), "")
        seen = [] if readers is None else [
            r.name for r in readers.diagnostics().readers if r.kind == "pcsc"]
        for name in seen:
            self.card_reader.addItem(name, name)
        if settings.card_reader and settings.card_reader not in seen:
            self.card_reader.addItem(self.tr("%1 (not connected now)").replace(
                "%1", settings.card_reader), settings.card_reader)
        self.card_reader.setCurrentIndex(max(0, self.card_reader.findData(settings.card_reader)))
        self.id_library = QLineEdit(settings.id_card_library, cards)
        self.id_library.setObjectName("idCardLibrary")
        self.id_library.setPlaceholderText(self.tr("None: no ID-card reader"))
        self.id_decoder = QLineEdit(settings.id_card_decoder, cards)
        self.id_decoder.setObjectName("idCardDecoder")
        self.id_decoder.setPlaceholderText(self.tr("The same library"))
        self.id_port = QComboBox(cards)
        self.id_port.setObjectName("idCardPort")
        for number in range(1, 17):
            self.id_port.addItem(self.tr("USB %1").replace("%1", str(number)), 1000 + number)
        for number in range(1, 17):
            self.id_port.addItem(self.tr("Serial port %1").replace("%1", str(number)), number)
        self.id_port.setCurrentIndex(max(0, self.id_port.findData(settings.id_card_port)))
        diagnostics = QPushButton(self.tr("&Diagnostics…"), cards)
        diagnostics.setObjectName("cardDiagnosticsButton")
        diagnostics.setEnabled(readers is not None)
        diagnostics.clicked.connect(self._diagnostics)
        card_form.addRow(self.tr("Passport &reader"), self.card_reader)
        card_form.addRow(self.tr("ID-card reader &library"),
                         self._with_browse(self.id_library))
        card_form.addRow(self.tr("Photo &decoder"), self._with_browse(self.id_decoder))
        card_form.addRow(self.tr("ID-card reader &port"), self.id_port)
        card_form.addRow(diagnostics)

        capture = QGroupBox(self.tr("Document capture"), self)
        capture.setObjectName("captureSettings")
        capture_form = QFormLayout(capture)
        self.camera = QComboBox(capture)
        self.camera.setObjectName("cameraDevice")
        self.camera.addItem(self.tr("Training demo papers") if sandbox
                            else self.tr("None"), "")
        from devices.capture.camera import list_cameras

        for info in list_cameras():
            self.camera.addItem(f"{info.name} ({info.device})", info.device)
        if settings.camera_device and self.camera.findData(settings.camera_device) < 0:
            self.camera.addItem(self.tr("%1 (not connected now)").replace(
                "%1", settings.camera_device), settings.camera_device)
        self.camera.setCurrentIndex(max(0, self.camera.findData(settings.camera_device)))
        self.camera_size = QComboBox(capture)
        self.camera_size.setObjectName("cameraSize")
        sizes = [(1280, 720), (1920, 1080), (2592, 1944), (3264, 2448), (4208, 3120)]
        if (settings.camera_width, settings.camera_height) not in sizes:
            sizes.append((settings.camera_width, settings.camera_height))
        for width, height in sizes:
            self.camera_size.addItem(f"{width} × {height}", f"{width}x{height}")
        self.camera_size.setCurrentIndex(max(0, self.camera_size.findData(
            f"{settings.camera_width}x{settings.camera_height}")))
        self.scanner = QLineEdit(settings.scanner_device, capture)
        self.scanner.setObjectName("scannerDevice")
        self.scanner.setPlaceholderText(self.tr("Chosen when scanning"))
        self.scanner_source = QComboBox(capture)
        for value, label in (("flatbed", self.tr("Flatbed")),
                             ("adf", self.tr("Document feeder")),
                             ("adf_duplex", self.tr("Document feeder, both sides"))):
            self.scanner_source.addItem(label, value)
        self.scanner_source.setCurrentIndex(max(0, self.scanner_source.findData(
            settings.scanner_source)))
        self.scan_resolution = QComboBox(capture)
        self.capture_dpi = QComboBox(capture)
        for combo, chosen in ((self.scan_resolution, settings.scan_resolution),
                              (self.capture_dpi, settings.capture_dpi)):
            for dpi in sorted({150, 200, 300, 600, chosen}):
                combo.addItem(self.tr("%1 dpi").replace("%1", str(dpi)), dpi)
            combo.setCurrentIndex(combo.findData(chosen))
        self.enhancement = QComboBox(capture)
        for value, label in (("document", self.tr("Black and white document")),
                             ("grey", self.tr("Grey")), ("colour", self.tr("Colour"))):
            self.enhancement.addItem(label, value)
        self.enhancement.setCurrentIndex(max(0, self.enhancement.findData(
            settings.capture_enhancement)))
        capture_form.addRow(self.tr("Document ca&mera"), self.camera)
        capture_form.addRow(self.tr("Camera resolu&tion"), self.camera_size)
        capture_form.addRow(self.tr("Sca&nner"), self.scanner)
        capture_form.addRow(self.tr("Paper &from"), self.scanner_source)
        capture_form.addRow(self.tr("Sc&an resolution"), self.scan_resolution)
        capture_form.addRow(self.tr("Pages st&ored at"), self.capture_dpi)
        capture_form.addRow(self.tr("Usual loo&k"), self.enhancement)

        sending = QGroupBox(self.tr("Sending over slow lines"), self)
        sending.setObjectName("sendingSettings")
        sending_form = QFormLayout(sending)
        spins: list[tuple[str, str, int, int, int, str]] = [
            ("chunk", self.tr("Pages sent in pieces of"), 16, 8192,
             settings.upload_chunk_kb, self.tr(" KB")),
            ("kbps", self.tr("Upload at most"), 0, 100_000, settings.upload_kbps,
             self.tr(" KB/s")),
            ("warn", self.tr("Warn when waiting longer than"), 1, 720,
             settings.pending_warn_hours, self.tr(" h")),
            ("retention", self.tr("Keep sent pages here for"), 1, 3650,
             settings.retention_days, self.tr(" days")),
            ("free", self.tr("Warn below free disk space of"), 0, 1_000_000,
             settings.min_free_mb, self.tr(" MB")),
        ]
        self.sending: dict[str, QSpinBox] = {}
        for key, label, low, high, current, suffix in spins:
            spin = QSpinBox(sending)
            spin.setObjectName(f"sending_{key}")
            spin.setRange(low, high)
            spin.setValue(current)
            spin.setSuffix(suffix)
            self.sending[key] = spin
            sending_form.addRow(label, spin)
        self.sending["kbps"].setSpecialValueText(self.tr("no limit"))
        # Large pages only in a daily window (e.g. outside opening hours).
        window = settings.upload_window_rule()
        self.window_on = QCheckBox(self.tr("Send large pages only &between"), sending)
        self.window_on.setObjectName("sending_window_on")
        self.window_on.setChecked(window is not None)
        self.window_start = QTimeEdit(sending)
        self.window_end = QTimeEdit(sending)
        starts, ends = (window.start, window.end) if window else (dt.time(18), dt.time(8))
        for edit, at in ((self.window_start, starts), (self.window_end, ends)):
            edit.setDisplayFormat("HH:mm")
            edit.setTime(QTime(at.hour, at.minute))
        self.window_start.setObjectName("sending_window_start")
        self.window_end.setObjectName("sending_window_end")
        self.window_min = QSpinBox(sending)
        self.window_min.setObjectName("sending_window_min")
        self.window_min.setRange(0, 1_000_000)
        self.window_min.setValue(settings.upload_window_min_kb)
        self.window_min.setSuffix(self.tr(" KB"))
        self.window_min.setSpecialValueText(self.tr("every page"))
        window_row = QHBoxLayout()
        window_row.addWidget(self.window_start)
        window_row.addWidget(QLabel(self.tr("and"), sending))
        window_row.addWidget(self.window_end)
        window_row.addStretch(1)
        sending_form.addRow(self.window_on, window_row)
        sending_form.addRow(self.tr("Large pages: from"), self.window_min)
        self.window_on.toggled.connect(self._window_toggled)
        self._window_toggled(self.window_on.isChecked())

        form = QFormLayout()
        form.addRow(self.tr("Server &URL"), self.server_url)
        form.addRow(self.tr("&CA bundle"), ca_row)
        form.addRow(self.tr("&Language"), self.language)
        form.addRow(self.tr("Sync &every"), self.interval)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        note = QLabel(self.tr("Server, language and card reader changes take effect after a "
                              "restart."), self)
        note.setWordWrap(True)
        if sandbox:
            self.server_url.setEnabled(False)
            self.ca_bundle.setEnabled(False)
            browse.setEnabled(False)
            note.setText(self.tr("Training mode always uses its built-in training server."))

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(printers)
        layout.addWidget(cards)
        layout.addWidget(capture)
        layout.addWidget(sending)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _fill_printers(self, names: list[str]) -> None:
        for kind, combo in self.printer_choice.items():
            saved = self._original.printers.get(kind, "")
            combo.clear()
            combo.addItem(self.tr("System default"), "")
            for name in names:
                combo.addItem(name, name)
            if saved and saved not in names:
                combo.addItem(self.tr("%1 (not available now)").replace("%1", saved), saved)
            combo.setCurrentIndex(max(0, combo.findData(saved)))

    def _printers_found(self, found: list[Printer]) -> None:
        names = [p.name for p in found]
        self._fill_printers(names)
        self.printer_note.setText(self.tr("%1 printers available.").replace(
            "%1", str(len(names))))
        self.printers_loaded.emit(len(names))

    def _no_printers(self, error: BaseException) -> None:
        self.printer_note.setText(describe(error))
        self.printers_loaded.emit(0)

    def _with_browse(self, edit: QLineEdit) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit)
        button = QPushButton(self.tr("Browse…"), self)

        def choose() -> None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Vendor library"), "",
                self.tr("Shared libraries (*.so *.so.*);;All files (*)"))
            if path:
                edit.setText(path)

        button.clicked.connect(choose)
        row.addWidget(button)
        return row

    def _diagnostics(self) -> None:
        from ui.card_reader import DiagnosticsDialog

        if self._readers is None:
            return
        dialog = DiagnosticsDialog(self._readers.diagnostics, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("CA bundle"), "", self.tr("Certificates (*.pem *.crt);;All files (*)"))
        if path:
            self.ca_bundle.setText(path)

    def _window_toggled(self, on: bool) -> None:
        for widget in (self.window_start, self.window_end, self.window_min):
            widget.setEnabled(on)

    def _save(self) -> None:
        candidate = replace(
            self._original,
            server_url=self.server_url.text().strip(),
            ca_bundle=self.ca_bundle.text().strip(),
            language=str(self.language.currentData()),
            sync_interval_s=self.interval.value() * 60,
            printers={kind: str(combo.currentData())
                      for kind, combo in self.printer_choice.items() if combo.currentData()},
            card_reader=str(self.card_reader.currentData()),
            id_card_library=self.id_library.text().strip(),
            id_card_decoder=self.id_decoder.text().strip(),
            id_card_port=int(self.id_port.currentData()),
            camera_device=str(self.camera.currentData()),
            camera_width=int(str(self.camera_size.currentData()).split("x")[0]),
            camera_height=int(str(self.camera_size.currentData()).split("x")[1]),
            scanner_device=self.scanner.text().strip(),
            scanner_source=str(self.scanner_source.currentData()),
            scan_resolution=int(self.scan_resolution.currentData()),
            capture_dpi=int(self.capture_dpi.currentData()),
            capture_enhancement=str(self.enhancement.currentData()),
            upload_chunk_kb=self.sending["chunk"].value(),
            upload_kbps=self.sending["kbps"].value(),
            pending_warn_hours=self.sending["warn"].value(),
            retention_days=self.sending["retention"].value(),
            min_free_mb=self.sending["free"].value(),
            upload_window=(f"{self.window_start.time().toString('HH:mm')}-"
                           f"{self.window_end.time().toString('HH:mm')}"
                           if self.window_on.isChecked() else ""),
            upload_window_min_kb=self.window_min.value(),
        )
        try:
            self.result_settings = candidate.validated()
        except ConfigError as exc:
            self.result_settings = None
            field = {"server_url": self.tr("Server URL"), "ca_bundle": self.tr("CA bundle"),
                     "upload_kbps": self.tr("Upload at most"),
                     "upload_window": self.tr("Send large pages only between"),
                     "id_card_library": self.tr("ID-card reader library"),
                     "id_card_decoder": self.tr("Photo decoder")}.get(exc.detail, exc.detail)
            self.message.setText(f"{describe(exc)} ({field})")
            return
        self.accept()
