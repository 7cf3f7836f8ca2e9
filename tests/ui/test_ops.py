from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from ui.ops import Operations


def test_work_runs_off_the_main_thread_and_results_come_back_on_it(
    qtbot: QtBot, ops: Operations
) -> None:
    main = threading.current_thread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread()
        return 42

    def done(value: int) -> None:
        seen["callback"] = threading.current_thread()
        seen["value"] = value

    ops.run(work, done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["worker"] is not main
    assert seen["callback"] is main
    assert seen["value"] == 42
    assert not ops.busy


def test_failures_go_to_the_failure_callback_or_the_presenter(
    qtbot: QtBot, errors: list[BaseException]
) -> None:
    operations = Operations(on_unhandled=errors.append)
    failed: list[BaseException] = []

    def boom() -> None:
        raise ValueError("broken")

    operations.run(boom, None, failed.append)
    operations.run(boom)
    qtbot.waitUntil(lambda: len(failed) == 1 and len(errors) == 1)
    operations.shutdown()
    assert isinstance(failed[0], ValueError) and isinstance(errors[0], ValueError)
    errors.clear()


def test_work_is_serialised_in_order(qtbot: QtBot, ops: Operations) -> None:
    order: list[int] = []
    for i in range(20):
        ops.run(lambda i=i: i, order.append)
    qtbot.waitUntil(lambda: len(order) == 20)
    assert order == list(range(20))
