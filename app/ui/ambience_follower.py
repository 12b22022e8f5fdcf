"""Sound that follows the massage: each phase's ambience as it begins, and the rest after.

A phase's ambience (app/core/phase_levels.py) scales or replaces what plays, over its fade. When
a session ends, the music plays on for the rest the giver chose, then fades out over a minute;
with the rest off, it fades as it always has. The same count runs while ambience plays with no
session, from when the giver last started a sound; a session starting cancels it.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QObject, Signal

from app.audio.engine import END_FADE_SECONDS
from app.core.clock import Clock
from app.core.events import PhaseStarted
from app.core.phase_levels import Following
from app.core.plan import Phase, Plan
from app.core.rest_timer import REST_FADE_SECONDS, RestTimer, nearest_choice
from app.core.session import SessionState
from app.ui.audio_bridge import AudioBridge
from app.ui.session_bridge import SessionBridge
from app.ui.timers import single_shot

log = logging.getLogger(__name__)

UNDER_WAY = (SessionState.RUNNING, SessionState.PAUSED)


NOT_HERE = "This phase's sounds are not in Lull; the music goes on."


class AmbienceFollower(QObject):
    """Moves the sounds as the session's phases ask, and fades them after the rest.

    Times are the session's (`clock`, which runs `speed` times faster when rehearsing); the
    timer and the fades are those times over `speed`, in wall seconds.
    """

    restLeft = Signal(float)  # seconds of rest left, each time the shown second changes
    restEnded = Signal()  # the count stopped: the fade began, or it was cancelled or turned off

    def __init__(
        self,
        bridge: SessionBridge,
        audio: AudioBridge,
        clock: Clock,
        *,
        rest_minutes: int = 0,
        speed: float = 1.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._bridge, self._audio, self._clock, self._speed = bridge, audio, clock, speed
        self._rest = RestTimer(nearest_choice(rest_minutes))
        self._following: Following | None = None  # the session's sounds, once it has begun
        self._under_way = False
        self._heard = frozenset(audio.playing())
        self._timer = single_shot(self, self.tick, precise=True)
        bridge.loaded.connect(self._loaded)
        bridge.phaseStarted.connect(self._phase_started)
        bridge.began.connect(self._began)
        bridge.stateChanged.connect(self._state_changed)
        bridge.finished.connect(self._finished)
        audio.playingChanged.connect(self._playing_changed)
        # Its words the last said of the sound: a later phase takes them back.
        self._said_not_here = False
        audio.problem.connect(self._sound_said)

    @property
    def rest_minutes(self) -> int:
        return self._rest.minutes

    @property
    def resting(self) -> bool:
        """True while the rest is counted down."""
        return self._rest.counting

    @property
    def timer_active(self) -> bool:
        return self._timer.isActive()

    @property
    def fade_seconds(self) -> float:
        """How long the fade after the rest takes, in wall seconds."""
        return REST_FADE_SECONDS / self._speed

    @property
    def end_fade_seconds(self) -> float:
        """The fade at a session's end with no rest: as it has always been, in wall seconds."""
        return END_FADE_SECONDS

    def rest_left(self) -> float | None:
        """Seconds of rest left (the session's seconds), or None when not counting."""
        return self._rest.left(self._clock())

    def set_rest_minutes(self, minutes: int) -> None:
        """The giver chose a length (0 is off). With ambience playing and no session, it counts
        from now; during a session, it waits for the end."""
        now, was = self._clock(), self._rest.counting
        self._rest.choose(nearest_choice(minutes), now)
        if not was and self._audio.playing() and not self._under_way:
            self._rest.start(now)
        self._counted(was)

    def tick(self) -> None:
        """The rest's count at the clock's now: the fade when it has run out."""
        if self._rest.due(self._clock()):
            log.info("the rest is over: the sounds fade out over %.1f s", self.fade_seconds)
            self._audio.fade_out_all(self.fade_seconds)
            self._counted(True)
            return
        self._counted(self._rest.counting)

    # --- the session ----------------------------------------------------------------------------

    def _loaded(self) -> None:
        # A session resumed after a kill is under way already: it follows what plays now.
        under_way = self._bridge.session.state in UNDER_WAY
        self._following = Following.of(self._audio.playing()) if under_way else None

    def _began(self, plan: Plan) -> None:
        """A session from the top: the plan's own sounds, then its first phase's ambience (its
        phaseStarted came before this, while the last session's sounds still played)."""
        if plan.mix:
            self._audio.play_mix(dict(plan.mix))
        self._following = Following.of(self._audio.playing())
        self._follow(self._bridge.session.phase)

    def _sound_said(self, text: str) -> None:
        self._said_not_here = text == NOT_HERE

    def _phase_started(self, event: PhaseStarted) -> None:
        if self._said_not_here:  # the phase it was said of is over: taken back
            self._audio.problem.emit("")
        if self._following is not None:
            self._follow(event.phase)

    def _follow(self, phase: Phase) -> None:
        if self._following is None or phase.ambience is None:
            return  # where a phase says nothing of the sound, it stays as it is
        ambience = phase.ambience
        levels, self._following = self._following.change(self._audio.playing(), ambience)
        fade = ambience.fade_seconds / self._speed
        if ambience.levels is None:
            for sound_id, level in levels.items():
                self._audio.set_volume(sound_id, level, fade)
        elif levels and not levels.keys() & {entry.id for entry in self._audio.ambiences()}:
            # Not one of the sounds the plan names is here: what plays goes on, and is kept.
            self._audio.problem.emit(NOT_HERE)
            return
        else:
            self._audio.play_mix(levels, fade)
        self._keep_chosen()

    def _keep_chosen(self) -> None:
        """The mix to bring back and remember is the giver's, not the plan's softening of it."""
        if self._following is not None:
            chosen = self._following.chosen_from(self._audio.playing())
            self._audio.chosen_mix = chosen

    def _state_changed(self, state: SessionState) -> None:
        under_way = state in UNDER_WAY
        if under_way and not self._under_way and self._rest.counting:
            self._rest.cancel()  # a session begins: the rest is for after it
            self._counted(True)
        self._under_way = under_way

    def _finished(self, _completed: bool) -> None:
        self._keep_chosen()
        self._following, self._under_way = None, False
        was = self._rest.counting
        if not (self._audio.playing() and self._rest.start(self._clock())):
            self._rest.cancel()
            self._audio.fade_out_all(self.end_fade_seconds)
        self._counted(was)

    # --- ambience alone -------------------------------------------------------------------------

    def _playing_changed(self, playing: dict[str, float]) -> None:
        started = playing.keys() - self._heard
        self._heard = frozenset(playing)
        if self._under_way:
            return
        was = self._rest.counting
        if not playing:
            self._rest.cancel()  # nothing left to fade
        elif started:
            self._rest.start(self._clock())  # counted from the sound last started
        self._counted(was)

    # --- inside ---------------------------------------------------------------------------------

    def _counted(self, was_counting: bool) -> None:
        """Tell the time left (or that the count stopped) and sleep until it next changes."""
        now = self._clock()
        left = self._rest.left(now)
        if left is None:
            self._timer.stop()
            if was_counting:
                self.restEnded.emit()
            return
        self.restLeft.emit(left)
        wait = self._rest.seconds_to_next(now) or 0.0
        self._timer.start(math.ceil(wait / self._speed * 1000))
