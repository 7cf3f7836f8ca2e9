"""The situation questions (情形) of an item as radio buttons and check boxes.

Shared by every place a clerk answers them (material list, intake): one group box per
question, radio buttons for single choice, check boxes for multiple choice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from server.contract import Situation

Buttons = dict[str, list[tuple[str, QAbstractButton]]]  # question code → (option, button)


def build(parent: QWidget, situations: Sequence[Situation],
          answers: Mapping[str, Sequence[str]], on_toggle: Callable[[], None]
          ) -> tuple[list[QGroupBox], Buttons]:
    boxes: list[QGroupBox] = []
    buttons: Buttons = {}
    for situation in situations:
        box = QGroupBox(situation.question, parent)
        box_layout = QVBoxLayout(box)
        exclusive = QButtonGroup(box) if not situation.multiple else None
        options: list[tuple[str, QAbstractButton]] = []
        for option in situation.options:
            button: QAbstractButton = (QCheckBox(option.label, box) if situation.multiple
                                       else QRadioButton(option.label, box))
            button.setChecked(option.code in answers.get(situation.code, []))
            button.toggled.connect(lambda _=False: on_toggle())
            if exclusive is not None:
                exclusive.addButton(button)
            box_layout.addWidget(button)
            options.append((option.code, button))
        buttons[situation.code] = options
        boxes.append(box)
    return boxes, buttons


def answers(buttons: Buttons) -> dict[str, list[str]]:
    return {code: [option for option, button in options if button.isChecked()]
            for code, options in buttons.items()}
