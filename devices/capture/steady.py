"""When to auto-capture: a page that has stayed put for a moment, once per page.

The tracker sees one (quad, motion) pair per analysed frame. It fires once when the page's
corners have stayed within a tolerance of where they settled, with little frame motion,
for `hold_s`. After firing it stays quiet until something says "this is another page":
the page left (no quad for a few frames), it was moved clearly elsewhere, or a hand worked
over it for a while (a new sheet laid on the same spot, a booklet's page turned). A quad
that jumps while nothing in the picture moves is the detector's mistake until it lasts a
few frames: it neither resets the wait nor counts as a new page.
Deterministic: time comes only from the injected clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from devices.capture.pages import Quad

__all__ = ["SteadyTracker", "quad_shift"]


def quad_shift(quad: Quad, reference: Quad) -> float:
    """The largest corner displacement, as a fraction of the reference's diagonal."""
    diagonal = max(reference.diagonal(), 1e-9)
    moved = np.linalg.norm(quad.as_array() - reference.as_array(), axis=1)
    return float(moved.max()) / diagonal


class SteadyTracker:
    """Auto-capture state machine; see the module docstring.

    - `tolerance`: corners may wander this fraction of the diagonal and still count as still
      (detector jitter, a camera's noise);
    - `motion_limit`: frame motion (mean absolute difference of consecutive grey thumbnails,
      in grey levels) above which the scene counts as moving: a hand, a sliding page;
    - `leave_frames`: consecutive frames without a page that mean the page has gone, or with
      the page elsewhere in a still scene that mean it really is elsewhere (one missed or
      wrong detection does not);
    - `rearm_shift`: after firing, a corner shift (fraction of the diagonal; 3 × tolerance
      unless given) that means the page was deliberately moved and may be captured again
      where it comes to rest;
    - `rearm_motion_s`: after firing, motion lasting this long re-arms too, because at a
      counter it almost always means the sheet was swapped or a page turned in place.
    """

    def __init__(
        self,
        *,
        hold_s: float = 0.8,
        tolerance: float = 0.01,
        clock: Callable[[], float] = time.monotonic,
        motion_limit: float = 2.0,
        leave_frames: int = 3,
        rearm_shift: float | None = None,
        rearm_motion_s: float = 0.3,
    ) -> None:
        if hold_s <= 0 or tolerance <= 0 or motion_limit <= 0 or leave_frames < 1:
            raise ValueError("hold_s, tolerance, motion_limit and leave_frames must be positive")
        if rearm_shift is None:
            rearm_shift = 3 * tolerance
        if rearm_shift < tolerance:
            raise ValueError("rearm_shift must not be smaller than tolerance")
        self._hold_s = hold_s
        self._tolerance = tolerance
        self._clock = clock
        self._motion_limit = motion_limit
        self._leave_frames = leave_frames
        self._rearm_shift = rearm_shift
        self._rearm_motion_s = rearm_motion_s
        self.reset()

    def reset(self) -> None:
        """Forget everything: the next page that rests is captured."""
        self._armed = True
        self._anchor: Quad | None = None  # where the page settled
        self._still_since: float | None = None  # when it settled (and nothing moved)
        self._fired_at: Quad | None = None  # where the page was when we fired
        self._missing = 0
        self._jumps = 0  # consecutive frames whose quad is off the anchor
        self._moving_since: float | None = None

    @property
    def armed(self) -> bool:
        """False after firing, until the page leaves or changes (the UI may say "captured")."""
        return self._armed

    def update(self, quad: Quad | None, motion: float) -> tuple[bool, float]:
        """Feed one analysed frame; returns (fire now?, progress 0..1 towards firing)."""
        now = self._clock()
        moving = motion > self._motion_limit
        if moving:
            if self._moving_since is None:
                self._moving_since = now
            elif now - self._moving_since >= self._rearm_motion_s:
                self._rearm()
        else:
            self._moving_since = None

        if quad is None:
            self._missing += 1
            if self._missing >= self._leave_frames:  # the page has gone
                self._anchor = self._still_since = None
                self._rearm()
            elif moving:
                self._still_since = None
            return False, self._progress(now)  # a missed detection alone does not reset
        self._missing = 0

        if self._anchor is not None and quad_shift(quad, self._anchor) > self._tolerance:
            self._jumps += 1
            if not moving and self._jumps < self._leave_frames:
                # Paper does not move without the picture changing: until it lasts, a jump
                # in a still scene is the detector's, not the page's.
                return False, self._progress(now)
            self._anchor = None
        self._jumps = 0
        if self._anchor is None:
            # A page arrived or moved: it settles here if nothing else moves.
            if self._fired_at is not None and quad_shift(quad, self._fired_at) > self._rearm_shift:
                self._rearm()
            self._anchor = quad
            self._still_since = None if moving else now
            return False, 0.0
        if moving:
            self._still_since = None
            return False, 0.0
        if self._still_since is None:
            self._still_since = now
        progress = self._progress(now)
        if progress >= 1.0:
            self._armed = False
            self._fired_at = self._anchor
            return True, 1.0
        return False, progress

    def _progress(self, now: float) -> float:
        if not self._armed or self._still_since is None:
            return 0.0
        # The epsilon keeps float noise (1.2 - 0.4 < 0.8) from costing a frame.
        return min(1.0, max(0.0, (now - self._still_since + 1e-9) / self._hold_s))

    def _rearm(self) -> None:
        self._armed = True
        self._fired_at = None
