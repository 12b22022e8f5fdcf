"""The calm voice: what the session's moments call for, said one line at a time through the
audio bridge, after the chimes, and never when it is no longer true."""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QObject, QTimer, Signal

from app.audio.sound import Kind
from app.core.clock import Clock
from app.core.cue_queue import CueQueue, Line
from app.core.events import PhaseStarted, SideSwitched
from app.core.prompts import (
    CHECKIN,
    END,
    HEADS_UP_WORDS,
    SIDES,
    TOWEL,
    Priority,
    Prompt,
    heads_up_prompt,
    next_prompt,
    phase_prompt,
)
from app.core.room import Reminder, towel_reminder
from app.core.session import Moment, SessionState
from app.desktop.speech import DesktopSpeech
from app.ui.audio_bridge import AudioBridge
from app.ui.session_bridge import SessionBridge
from app.ui.timers import single_shot

log = logging.getLogger(__name__)

# A line is handed to the engine this long before it starts: enough for the engine to land it on
# time (it starts a sound two mixer blocks, about 0.2 s, ahead), and short enough that a more
# important line falling due meanwhile still goes first.
LEAD_SECONDS = 0.5
WORDS_PER_SECOND = 2.5  # the desktop's voice, roughly: how long the giver's own line takes
# A chime booked this little ahead of now has struck by the time it could be moved or called
# off; the session's and the sound's clocks round apart by far less than this.
STRUCK_SLACK_SECONDS = 0.02
TOWEL_KEY = towel_reminder().key
# Once a change is drawn, the next change's lines are decoded, so that at the change itself the
# sound's thread does not take a core from the window's redrawing (a prompt costs it 4 ms);
# one at a time, apart, so that it never holds a core long while the window works.
PREPARE_AFTER_MS = 300
PREPARE_APART_MS = 150


class VoiceBridge(QObject):
    """Listens to the session bridge; speaks through the audio bridge (built-in prompts, on
    Lull's own mixer) and the desktop's speech service (the giver's own notes)."""

    # A line was handed over: the prompt's id (or the giver's own words), and when it starts
    # on the sound's clock.
    lineBooked = Signal(str, float)

    def __init__(
        self,
        session: SessionBridge,
        audio: AudioBridge,
        speech: DesktopSpeech,
        clock: Clock,
        *,
        speed: float = 1.0,
        voice: bool = True,
        volume: float = 0.9,
        heads_up_seconds: int = 15,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session, self._audio, self._speech = session, audio, speech
        self._clock, self._speed = clock, speed
        self._queue: CueQueue[tuple[str, str]] = CueQueue()  # (prompt id or "", words)
        self._own_lines: list[QTimer] = []  # the giver's notes waiting for their moment
        self._missing: set[str] = set()  # prompts without a recording, told once each
        self.volume = volume
        self.heads_up_seconds = heads_up_seconds
        # The heads-up foreseen (on the sound's clock), and whether its lines were queued ahead
        # of it: handed to the engine only when it comes, they would be heard late.
        self._heads_up_at: float | None = None
        self._heads_up_queued = False
        self._timer = single_shot(self, self._hand_over, precise=True)
        self._preparing = single_shot(self, self._prepare_one, PREPARE_AFTER_MS)
        self._to_prepare: list[str] = []  # the next change's prompts, not decoded yet
        self.voice = voice
        self.set_voice(voice)
        session.phaseStarted.connect(self._phase_started)
        session.sideSwitched.connect(self._sides_switched)
        session.checkinDue.connect(self._checkin_due)
        session.reminderDue.connect(self._reminder_due)
        session.headsUp.connect(self._heads_up)
        session.finished.connect(self._finished)
        session.stateChanged.connect(self._state_changed)
        session.momentAhead.connect(self._moment_ahead)
        session.noMomentAhead.connect(self._no_moment_ahead)
        session.loaded.connect(self.hush)

    # --- the giver's choices --------------------------------------------------------------------

    def set_voice(self, on: bool) -> None:
        """Voice on: the cues are spoken, and the heads-up is said rather than chimed. Off:
        only the chimes (and the heads-up's soft tone)."""
        self.voice = on
        self._settle()

    def set_volume(self, volume: float) -> None:
        """The voice's own volume, 0 to 1, from the next line on; at 0, as if it were off."""
        self.volume = volume
        self._settle()

    @property
    def heard(self) -> bool:
        """The voice speaks: on, and not turned right down."""
        return self.voice and self.volume > 0

    def _settle(self) -> None:
        self._audio.heads_up_tone = not self.heard
        if not self.heard:
            self.hush()

    def set_heads_up_seconds(self, seconds: int) -> None:
        """How long before a change the heads-up comes (0: none); the session decides when."""
        self.heads_up_seconds = seconds

    def hush(self) -> None:
        """Paused, ended or moved by hand: nothing waiting is said, and what speaks stops."""
        self._queue.clear()
        for timer in self._own_lines:
            timer.stop()
            timer.deleteLater()
        self._own_lines.clear()
        self._heads_up_at, self._heads_up_queued = None, False
        self._preparing.stop()
        self._to_prepare.clear()
        self._audio.cancel_speech()
        self._timer.stop()

    # --- the session's moments ------------------------------------------------------------------

    def _phase_started(self, event: PhaseStarted) -> None:
        self._heads_up_queued = False  # had the session held it back after all, it is gone
        if event.by_hand:  # the giver moved: what was about to be said is no longer true
            self.hush()
        due = self._due(event.at)
        self._queue.chime(due)  # the phase's chime: on its deadline, or at once if by hand
        lines = [self._prompt_line(phase_prompt(event.phase))]
        if event.phase.note and self.heard and self._speech.available:
            words = len(event.phase.note.split())
            lines.append(Line(("", event.phase.note), words / WORDS_PER_SECOND))
        self._say(lines, due, Priority.CHANGE)
        if self.heard:
            self._to_prepare = self._next_change_prompts()
            self._preparing.start(PREPARE_AFTER_MS)

    def _sides_switched(self, event: SideSwitched) -> None:
        due = self._due(event.at)
        self._queue.chime(due)
        self._say_prompts([SIDES], due)

    def _checkin_due(self) -> None:
        self._queue.chime(self._clock())  # its chime sounds at once
        self._say_prompts([CHECKIN], self._clock())

    def _reminder_due(self, reminder: Reminder) -> None:
        self._queue.chime(self._clock())
        if reminder.key == TOWEL_KEY:
            self._say_prompts([TOWEL], self._clock())

    def _heads_up(self, index: int) -> None:
        """The heads-up has come: said already (queued ahead), or now, after a catch-up."""
        if self._heads_up_queued:
            self._heads_up_queued = False
            return
        now = self._clock()
        self._say_heads_up(index, now, now + self._session.session.phase_remaining / self._speed)

    def _say_heads_up(self, index: int, due: float, change: float) -> None:
        """ "Fifteen seconds. Next: the neck.", said whole before the change, or not at all."""
        self._queue.chime(change)  # the phase's chime
        self._say_prompts(self._heads_up_prompts(index), due, until=change)

    def _heads_up_prompts(self, index: int) -> list[Prompt]:
        coming = self._session.session.plan.phases[index]
        said = [heads_up_prompt(s) for s in [self.heads_up_seconds] if s in HEADS_UP_WORDS]
        return [*said, next_prompt(coming)]

    def _next_change_prompts(self) -> list[str]:
        """What the next change will say (the end, after the last phase)."""
        session = self._session.session
        index = session.index + 1
        if index < len(session.plan.phases):
            prompts = [*self._heads_up_prompts(index), phase_prompt(session.plan.phases[index])]
        else:
            prompts = [END]
        return [prompt.id for prompt in prompts]

    def _prepare_one(self) -> None:
        """One of the next change's prompts decoded now rather than at the change."""
        if self._to_prepare:
            self._audio.prepare([self._to_prepare.pop(0)])
        if self._to_prepare:
            self._preparing.start(PREPARE_APART_MS)

    def _finished(self, completed: bool) -> None:
        self.hush()
        self._queue.chime(self._clock())  # the end chime sounds at once
        if completed:
            self._say_prompts([END], self._clock())

    def _state_changed(self, state: SessionState) -> None:
        if state in (SessionState.PAUSED, SessionState.READY):
            self.hush()

    def _moment_ahead(self, seconds: float, moment: Moment) -> None:
        now = self._clock()
        self._queue.forget_chimes_after(now + STRUCK_SLACK_SECONDS)  # booked again, or moved
        if moment is not Moment.HEADS_UP or self._audio.heads_up_tone:
            self._queue.chime(now + seconds)
        if not self._heads_up_queued:
            ahead = moment is Moment.HEADS_UP and self.heard
            self._heads_up_at = now + seconds if ahead else None
        self._arm()  # a chime moved may move the lines waiting for it

    def _no_moment_ahead(self) -> None:
        self._heads_up_at = None
        self._queue.forget_chimes_after(self._clock() + STRUCK_SLACK_SECONDS)
        self._arm()

    # --- inside ---------------------------------------------------------------------------------

    def _due(self, session_at: float) -> float:
        """When a moment at `session_at` (session seconds) fell due, on the sound's clock: a
        catch-up after the machine slept tells of moments long past, too late to be said."""
        late = max(0.0, self._session.session.elapsed - session_at) / self._speed
        return self._clock() - late

    def _say_prompts(self, prompts: list[Prompt], due: float, until: float | None = None) -> None:
        lines = [self._prompt_line(prompt) for prompt in prompts]
        self._say(lines, due, prompts[0].priority, until)

    def _say(
        self,
        lines: list[Line[tuple[str, str]] | None],
        due: float,
        rank: Priority,
        until: float | None = None,
    ) -> None:
        said = [line for line in lines if line is not None]
        if not self.heard or not said:
            return
        self._queue.add(said, due, rank, until)
        self._arm()

    def _prompt_line(self, prompt: Prompt) -> Line[tuple[str, str]] | None:
        try:
            entry = self._audio.library.get(prompt.id)
        except KeyError:
            entry = None
        if entry is None or entry.kind is not Kind.PROMPT or entry.missing:
            if prompt.id not in self._missing:
                self._missing.add(prompt.id)
                log.warning("voice: no recording of %s (“%s”)", prompt.id, prompt.text)
            return None
        return Line((prompt.id, prompt.text), entry.seconds)

    def _hand_over(self) -> None:
        at = self._heads_up_at
        if at is not None and at - LEAD_SECONDS <= self._clock():
            self._heads_up_at, self._heads_up_queued = None, True
            session = self._session.session
            self._say_heads_up(session.index + 1, at, at + session.heads_up / self._speed)
        for line in self._queue.take(self._clock(), LEAD_SECONDS):
            prompt_id, words = line.what
            if prompt_id:
                self._audio.speak(prompt_id, at=line.start, volume=self.volume)
            else:
                self._own_line(words, line.start)
            log.info("voice: %s at %.3f", prompt_id or words, line.start)
            self.lineBooked.emit(prompt_id or words, line.start)
        self._arm()

    def _own_line(self, words: str, start: float) -> None:
        """The giver's own words, through the desktop's speech service at `start`."""
        timer = single_shot(self, lambda: self._speak_own(timer, words), precise=True)
        self._own_lines.append(timer)
        timer.start(max(0, math.ceil((start - self._clock()) * 1000)))

    def _speak_own(self, timer: QTimer, words: str) -> None:
        self._own_lines.remove(timer)
        timer.deleteLater()
        self._speech.say(words, self.volume)

    def _arm(self) -> None:
        now = self._clock()
        start = self._queue.next_start(now)
        if self._heads_up_at is not None:
            start = self._heads_up_at if start is None else min(start, self._heads_up_at)
        if start is None:
            self._timer.stop()
        else:
            self._timer.start(max(0, math.ceil((start - LEAD_SECONDS - now) * 1000)))
