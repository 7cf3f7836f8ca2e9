"""The auto-capture state machine (SteadyTracker), frame by frame on an injected clock."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from devices.capture.pages import Quad
from devices.capture.steady import SteadyTracker, quad_shift

FPS = 25
DT = 1 / FPS
STILL = 0.3  # motion of a still scene (sensor noise), well under the limit
HAND = 8.0  # motion of a hand or a sliding page


class Clock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def page(dx: float = 0.0, dy: float = 0.0, *, grow: float = 1.0) -> Quad:
    """A 400×560 page at (100, 100) moved by (dx, dy); its diagonal is about 688 px."""
    w, h = 400 * grow, 560 * grow
    x, y = 100 + dx, 100 + dy
    return Quad((x, y), (x + w, y), (x + w, y + h), (x, y + h))


DIAG = page().diagonal()


def feed(
    tracker: SteadyTracker, clock: Clock, frames: Sequence[tuple[Quad | None, float]]
) -> list[tuple[bool, float]]:
    """One frame every 40 ms; returns what the tracker said about each."""
    results = []
    for quad, motion in frames:
        results.append(tracker.update(quad, motion))
        clock.now += DT
    return results


Frames = list[tuple[Quad | None, float]]


def still(quad: Quad | None, seconds: float, motion: float = STILL) -> Frames:
    return [(quad, motion)] * round(seconds * FPS)


def fires(results: Sequence[tuple[bool, float]]) -> list[int]:
    return [i for i, (fire, _) in enumerate(results) if fire]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def tracker(clock: Clock) -> SteadyTracker:
    return SteadyTracker(hold_s=0.8, tolerance=0.01, clock=clock)


def test_fires_once_when_the_page_has_rested_for_hold_s(
    tracker: SteadyTracker, clock: Clock
) -> None:
    results = feed(tracker, clock, still(page(), 4.0))
    assert fires(results) == [20]  # settled at frame 0, 0.8 s later
    progress = [p for _, p in results[:21]]
    assert progress[0] == 0.0
    assert progress == sorted(progress)
    assert progress[10] == pytest.approx(0.5, abs=1e-6)
    assert progress[20] == 1.0
    assert all(p == 0.0 for _, p in results[21:])  # nothing pending after the capture
    assert not tracker.armed


def test_never_fires_while_the_page_slides(tracker: SteadyTracker, clock: Clock) -> None:
    sliding = [(page(dy=-12.0 * i), HAND) for i in range(100)]
    assert fires(feed(tracker, clock, sliding)) == []
    # Even without frame motion (a smooth, slow slide), corners that keep leaving the
    # tolerance keep the clock from running out.
    creeping = [(page(dx=2.0 * i), STILL) for i in range(150)]
    results = feed(tracker, clock, creeping)
    assert fires(results) == []
    assert max(p for _, p in results) < 1.0


def test_never_fires_while_a_hand_moves_over_a_still_page(
    tracker: SteadyTracker, clock: Clock
) -> None:
    results = feed(tracker, clock, still(page(), 3.0, motion=HAND))
    assert fires(results) == []
    assert all(p == 0.0 for _, p in results)
    # The hand goes: the page is captured hold_s later.
    results = feed(tracker, clock, still(page(), 2.0))
    assert fires(results) == [20]


def test_a_hand_passing_resets_the_wait(tracker: SteadyTracker, clock: Clock) -> None:
    frames = still(page(), 0.6) + still(page(), 0.12, motion=HAND) + still(page(), 2.0)
    results = feed(tracker, clock, frames)
    assert fires(results) == [15 + 3 + 20]


def test_jitter_within_the_tolerance_still_counts_as_resting(
    tracker: SteadyTracker, clock: Clock
) -> None:
    wobble = 0.004 * DIAG
    frames = [(page(dx=wobble * (-1) ** i, dy=wobble * ((i % 3) - 1)), STILL) for i in range(50)]
    assert fires(feed(tracker, clock, frames)) == [20]


def test_one_missed_detection_neither_resets_nor_rearms(
    tracker: SteadyTracker, clock: Clock
) -> None:
    frames = [*still(page(), 0.4), (None, STILL), *still(page(), 1.0)]
    results = feed(tracker, clock, frames)
    assert fires(results) == [20]  # as if the detector had never missed
    assert not results[10][0] and results[10][1] == pytest.approx(0.5, abs=1e-6)
    # After the capture, two missed frames are not "the page left".
    results = feed(tracker, clock, [(None, STILL)] * 2 + still(page(), 3.0))
    assert fires(results) == []


def test_the_page_leaving_rearms(tracker: SteadyTracker, clock: Clock) -> None:
    frames = still(page(), 1.0) + still(None, 0.12) + still(page(), 1.0)
    results = feed(tracker, clock, frames)
    assert fires(results) == [20, 25 + 3 + 20]


def test_a_new_sheet_on_the_same_spot_is_captured_again(
    tracker: SteadyTracker, clock: Clock
) -> None:
    # The old sheet goes, a hand lays the next one down where the first was: motion for
    # longer than rearm_motion_s, with a quad most of the time.
    frames = still(page(), 1.0) + still(page(), 0.4, motion=HAND) + still(page(), 1.0)
    results = feed(tracker, clock, frames)
    assert fires(results) == [20, 25 + 10 + 20]


def test_a_brief_flicker_of_motion_after_the_capture_does_not_rearm(
    tracker: SteadyTracker, clock: Clock
) -> None:
    frames = still(page(), 1.0) + still(page(), 0.2, motion=HAND) + still(page(), 2.0)
    assert fires(feed(tracker, clock, frames)) == [20]


def test_moving_the_page_clearly_rearms_and_nudging_it_does_not(
    tracker: SteadyTracker, clock: Clock
) -> None:
    nudge = 0.02 * DIAG  # beyond the tolerance, within rearm_shift
    frames = (
        still(page(), 1.0)
        + still(page(dx=nudge / 2), 0.08, motion=HAND)
        + still(page(dx=nudge), 2.0)
    )
    assert fires(feed(tracker, clock, frames)) == [20]
    move = 0.08 * DIAG
    frames = [
        *still(page(dx=move / 2), 0.08, motion=HAND),
        (page(dx=move), HAND),
        *still(page(dx=move), 2.0),
    ]
    assert fires(feed(tracker, clock, frames)) == [3 + 20]


def test_a_larger_page_in_the_same_place_is_a_new_page(
    tracker: SteadyTracker, clock: Clock
) -> None:
    frames = still(page(), 1.0) + still(page(grow=1.1), 0.08, motion=HAND) + still(
        page(grow=1.1), 2.0
    )
    assert fires(feed(tracker, clock, frames)) == [20, 25 + 2 + 20]


def test_a_one_frame_detector_glitch_is_ignored(tracker: SteadyTracker, clock: Clock) -> None:
    glitch = page(dx=0.04 * DIAG)  # beyond rearm_shift, in a still scene
    frames = [*still(page(), 0.4), (glitch, STILL), *still(page(), 3.0)]
    results = feed(tracker, clock, frames)
    assert fires(results) == [20]  # neither delayed nor repeated
    results = feed(tracker, clock, [(glitch, STILL), *still(page(), 2.0)])
    assert fires(results) == []


def test_a_jump_that_lasts_is_a_move_even_without_motion(
    tracker: SteadyTracker, clock: Clock
) -> None:
    moved = page(dx=0.05 * DIAG)
    frames = still(page(), 1.0) + still(moved, 2.0)
    # Three frames to believe it (leave_frames), then the page settles there.
    assert fires(feed(tracker, clock, frames)) == [20, 25 + 2 + 20]


def test_reset_makes_a_resting_page_count_again(tracker: SteadyTracker, clock: Clock) -> None:
    assert fires(feed(tracker, clock, still(page(), 1.0))) == [20]
    tracker.reset()
    assert tracker.armed
    assert fires(feed(tracker, clock, still(page(), 1.0))) == [20]


def test_no_page_no_progress(tracker: SteadyTracker, clock: Clock) -> None:
    results = feed(tracker, clock, still(None, 2.0) + still(None, 1.0, motion=HAND))
    assert results == [(False, 0.0)] * 75


def test_the_same_frames_give_the_same_answers() -> None:
    script = (
        still(None, 0.3)
        + [(page(dy=-20.0 * i), HAND) for i in range(10)]
        + still(page(), 1.2)
        + still(None, 0.3)
        + still(page(dx=30), 1.2)
    )
    runs = []
    for _ in range(2):
        clock = Clock()
        runs.append(feed(SteadyTracker(clock=clock), clock, script))
    assert runs[0] == runs[1]
    assert len(fires(runs[0])) == 2


def test_hold_and_tolerance_are_parameters(clock: Clock) -> None:
    tracker = SteadyTracker(hold_s=0.2, tolerance=0.05, clock=clock)
    wobble = 0.03 * DIAG  # too much for the default tolerance
    frames = [(page(dx=wobble * (i % 2)), STILL) for i in range(20)]
    assert fires(feed(tracker, clock, frames)) == [5]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"hold_s": 0.0},
        {"tolerance": -0.01},
        {"motion_limit": 0.0},
        {"leave_frames": 0},
        {"tolerance": 0.05, "rearm_shift": 0.02},
    ],
)
def test_nonsense_parameters_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must"):
        SteadyTracker(**kwargs)  # type: ignore[arg-type]


def test_quad_shift_is_relative_to_the_reference_diagonal() -> None:
    assert quad_shift(page(), page()) == 0.0
    assert quad_shift(page(dx=DIAG * 0.1), page()) == pytest.approx(0.1)
    assert quad_shift(page(dy=-DIAG * 0.02), page()) == pytest.approx(0.02)
