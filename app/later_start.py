"""Starting: the session begun once its sound plays, and a later `lull` for the same files
handed to the Lull already running, which does what it can of it and says what it cannot."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from app.audio.engine import DEFAULT_LAYER_VOLUME
from app.audio.sound import Kind
from app.cli import UsageError, build_parser, one_line, resolve_plan
from app.core.plan import PlanError
from app.core.session import SessionState
from app.core.wording import as_sentence

if TYPE_CHECKING:
    from app.audio.library import SoundLibrary
    from app.desktop.single_instance import Claim
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def start_once_sound_plays(window: MainWindow) -> None:
    """The session starts now, or once the sound is open and plays what it was asked (so that
    its first chime and words are heard on time, and the soundscape begins with it)."""
    from PySide6.QtCore import Qt

    audio, bridge = window.audio, window.bridge

    def start() -> None:  # from the top: a session ended is begun again, as Space would
        if not audio.starting and bridge.session.state in (
            SessionState.READY,
            SessionState.FINISHED,
        ):
            bridge.start_or_pause()

    if audio.starting:
        audio.engineChanged.connect(start, Qt.ConnectionType.SingleShotConnection)
    else:
        start()


def claim_or_hand_over(args: argparse.Namespace, data: Path) -> Claim | None | Literal[False]:
    """This start's place: the first Lull for its data folder (its claim), or False when one
    already runs and took what this start asked for; None when it cannot be told (the runtime
    folder cannot be used), and this Lull goes on by itself."""
    from app.desktop.single_instance import HandedOver, first_or_hand_over

    plan = args.plan
    if plan is not None and (Path(plan).suffix or Path(plan).exists()):
        plan = str(Path(plan).resolve())  # the running Lull has another working folder
    request = {
        "plan": plan,
        "minutes": args.minutes,
        "sounds": args.sounds,
        "start": args.start,
        "speed": args.speed,
    }
    try:
        claim = first_or_hand_over(data, request)
    except TimeoutError:
        raise UsageError(
            "another Lull is running for these files but does not answer; close it and try again"
        ) from None
    except OSError as error:
        log.warning("cannot tell whether another Lull runs: %s", error)
        return None
    if isinstance(claim, HandedOver):
        if claim.refused is not None:  # as this start would have been refused on its own
            raise UsageError(claim.refused)
        log.info("handed over to the Lull already running")
        return False
    return claim


def listen_for_later_starts(
    claim: Claim | None, window: MainWindow, data_dir: Path | None, tell: Callable[[str], None]
) -> None:
    """A later `lull` for the same files hands its wishes to this window."""
    from PySide6.QtWidgets import QApplication

    from app.desktop.single_instance import SingleInstance

    if claim is None:
        return
    instance = SingleInstance(
        claim, lambda request: answer_later_start(window, request, data_dir, tell), window
    )
    app = QApplication.instance()
    assert app is not None  # the window exists
    app.aboutToQuit.connect(instance.close)


def answer_later_start(
    window: MainWindow,
    request: dict[str, object],
    data_dir: Path | None,
    tell: Callable[[str], None],
) -> str | None:
    """A later `lull` asked for a plan, a length, sounds or a start: the window comes forward and
    does what it can of it; a session under way keeps its plan. The request is read as its
    command line would have been, so what the command line refuses is refused here too, and
    the reason is returned for the later start to say."""
    from PySide6.QtCore import Qt

    bring_forward(window)
    try:
        asked = build_parser().parse_args(later_start_arguments(request))
    except UsageError as error:
        log.warning("a later start sent what it could not have asked: %s", error)
        return str(error)
    bridge, preparation = window.bridge, window.preparation
    if asked.speed not in (1, bridge.speed):  # its clock is the window's, set as it started
        log.info("a later start asked for another speed")
        running, wanted = _pace(bridge.speed), _pace(asked.speed)
        return f"the Lull already open runs {running}: quit it to rehearse {wanted}"
    choosing = bridge.session.state in (SessionState.READY, SessionState.FINISHED)
    refused = None
    other_plan = asked.plan not in (None, bridge.session.plan.id)
    other_length = asked.minutes not in (None, preparation.minutes)
    if not choosing and (other_plan or other_length or asked.start):
        log.info("a later start asked for a plan while a session is under way")
        wanted = "another plan" if other_plan else "another length" if other_length else "a new one"
        refused = f"a session is under way: end it (Esc twice) to start {wanted}"
        said = as_sentence(refused)
        tell(said)
        bridge.finished.connect(  # once it has ended, the words are no longer true
            lambda _completed: take_back(window, said), Qt.ConnectionType.SingleShotConnection
        )
    try:
        if choosing and asked.plan is not None:
            plan = resolve_plan(asked.plan, data_dir)
            ids = [choice.plan.id for choice in preparation.choices]
            if asked.plan not in ids and Path(asked.plan).is_file():
                preparation.open_file(plan, Path(asked.plan))
            else:
                preparation.choose(ids.index(plan.id))
        if choosing and asked.minutes:
            preparation.set_minutes(asked.minutes)
        if asked.sounds is not None:
            window.audio.play_mix(
                chosen_sounds(asked.sounds, window.audio.library, window.audio.playing())
            )
    except (UsageError, PlanError, ValueError) as error:
        refused = one_line(str(error))
        tell(f"Lull was started again, but: {refused}.")
        return refused
    if refused is not None:
        return refused  # its sounds, if it asked for any, play
    log.info("a later start: %s for %d minutes", preparation.plan.id, preparation.minutes)
    if asked.start:
        start_once_sound_plays(window)
    return None


def take_back(window: MainWindow, said: str) -> None:
    """The status bar's words go, if they are still `said`."""
    if window.statusBar().currentMessage() == said:
        window.statusBar().clearMessage()


def later_start_arguments(request: dict[str, object]) -> list[str]:
    """The command line a request stands for; UsageError for what no command line could say."""
    arguments: list[str] = []
    for option in ("plan", "minutes", "sounds", "speed"):
        value = request.get(option)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise UsageError(f"--{option} was {type(value).__name__}")
        arguments += [f"--{option}", str(value)]
    if request.get("start") is True:
        arguments.append("--start")
    return arguments


def _pace(speed: float) -> str:
    return "in real time" if speed == 1 else f"at {speed:g} times the speed"


def bring_forward(window: MainWindow) -> None:
    window.showNormal() if window.isMinimized() else window.show()
    window.raise_()
    window.activateWindow()


def chosen_sounds(
    requested: str | None, library: SoundLibrary, last_mix: dict[str, float]
) -> dict[str, float]:
    """The layers to start with: those asked for on the command line, or the last mix."""
    if requested is None:
        known = {entry.id for entry in library.entries()}
        return {sound: volume for sound, volume in last_mix.items() if sound in known}
    chosen = {}
    for sound_id in filter(None, (part.strip() for part in requested.split(","))):
        try:
            library.get(sound_id)
        except KeyError:
            names = ", ".join(entry.id for entry in library.entries(Kind.AMBIENCE))
            raise UsageError(
                f"there is no sound called '{sound_id}' (the sounds are: {names})"
            ) from None
        chosen[sound_id] = last_mix.get(sound_id, DEFAULT_LAYER_VOLUME)
    return chosen
