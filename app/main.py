"""The composition root: reads the command line, then builds and wires everything else."""

from __future__ import annotations

import errno
import gc
import io
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NoReturn

from app import INTERRUPTED
from app.audio.sound import Kind
from app.cli import UsageError, build_parser, one_line, resolve_plan, run_verb
from app.core.clock import scaled_clock, session_clock
from app.core.database import DATABASE_NAME, Database
from app.core.events import PhaseStarted
from app.core.history import History
from app.core.people import PeopleBook, Person
from app.core.plan import BUILT_IN_PLANS, PlanError
from app.core.plan_book import PLANS_FOLDER, PlanBook
from app.core.plan_file import load_plan_file
from app.core.preparation import Preparation
from app.core.recording import Recorder, local_now
from app.core.room import Checklist, towel_reminder
from app.core.session import Session, SessionState
from app.core.store import StoreError, make_folder, plain_reason
from app.display import display_problem
from app.later_start import (
    bring_forward,
    chosen_sounds,
    claim_or_hand_over,
    listen_for_later_starts,
    start_once_sound_plays,
)
from app.quit_signals import close_signal_sockets, install_quit_on_signals
from app.user_files import UserFiles

if TYPE_CHECKING:
    import argparse

    from PySide6.QtWidgets import QApplication

    from app.core.clock import Clock
    from app.core.plan import Plan
    from app.core.room import Reminder
    from app.core.settings import Settings, UiState
    from app.desktop.speech import DesktopSpeech
    from app.ui.audio_bridge import AudioBridge
    from app.ui.bug_notice import BugNotice
    from app.ui.main_window import MainWindow
    from app.ui.people_flow import PeopleFlow
    from app.ui.session_bridge import SessionBridge

log = logging.getLogger(__name__)

DEFAULT_PLAN_ID = "classic"
LOG_NAME = "lull.log"
LOG_BYTES = 1 << 20  # a month of evenings at the default level
LOG_BACKUPS = 3
LOG_FORMAT = "%(asctime)s %(name)s %(levelname)s: %(message)s"
DEFAULT_WINDOW_SIZE = (1280, 800)
RELIEF_AFTER_MS = 400  # the relief question, this long after a session's end


def main(argv: Sequence[str] | None = None) -> int:
    started = time.monotonic()
    closed = sys.stdout is None  # lull people >&-: what a command writes has nowhere to go
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    try:
        args = _parsed(argv, closed)
        logging.basicConfig(level=logging.WARNING, format=LOG_FORMAT)
        logging.getLogger().handlers[0].setLevel(logging.DEBUG if args.verbose else logging.WARNING)
        if args.verbose:
            logging.getLogger().setLevel(logging.DEBUG)
        if args.verb or args.desktop_entry:
            if not args.verbose:  # a command says its problems itself, in one line each
                logging.getLogger().handlers[0].setLevel(logging.ERROR)
            status = run_verb(args)
            _written(closed)
            return status
        plan = resolve_plan(DEFAULT_PLAN_ID if args.plan is None else args.plan, args.data_dir)
        if args.minutes:  # refuse a length the plan cannot take before any window
            plan.scaled_to(args.minutes * 60)
        return run_window(args, plan, started)
    except (UsageError, PlanError) as error:
        print(f"lull: {one_line(str(error))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C in a command: one line, the shell's usual status
        print("lull: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # The reader went away (lull plans | head): not an error, and nothing more to say.
        _quiet_stdout()
        return 0
    except OSError as error:  # the output could not be written: a full disk, say
        if error.filename is not None:
            raise  # not the output's: a bug to see whole
        _quiet_stdout()
        print(f"lull: the output could not be written: {plain_reason(error)}", file=sys.stderr)
        return 1


def _parsed(argv: Sequence[str] | None, closed: bool) -> argparse.Namespace:
    try:
        return build_parser().parse_args(argv)
    except SystemExit as leaving:  # --version and --help have written: had they anywhere to?
        if leaving.code in (0, None):
            _written(closed)
        raise


def _written(closed: bool) -> None:
    """Make sure what a command wrote reached its output: a full disk, a closed pipe or a
    closed output is found here (OSError), not in Python's own flush at exit."""
    if closed:
        raise OSError(errno.EBADF, "the output is closed")
    sys.stdout.flush()


def _quiet_stdout() -> None:
    """Nothing more reaches the output, so that Python's own flush at exit has nothing to say."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run_window(args: argparse.Namespace, plan: Plan, started: float) -> int:
    refuse_without_display()
    # Qt and pygame are imported here, not at the top, so the command-line verbs start fast.
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QSystemTrayIcon

    from app.audio.engine_thread import STARTING, EngineThread
    from app.audio.library import SoundLibrary
    from app.audio.silent import SilentEngine
    from app.desktop.launcher import APP_ID
    from app.paths import AppPaths
    from app.ui.actions import ActionId, create_actions
    from app.ui.audio_bridge import AudioBridge
    from app.ui.bug_notice import BugNotice
    from app.ui.first_frame import AfterFirstFrame
    from app.ui.main_window import MainWindow
    from app.ui.people_flow import PeopleFlow
    from app.ui.resume_offer import offer_resume
    from app.ui.session_bridge import SessionBridge
    from app.ui.theme import DARK, LIGHT, apply_theme

    paths = AppPaths.from_platform(args.data_dir)
    claim = claim_or_hand_over(args, paths.data)
    if claim is False:
        return 0  # the Lull already running took this start's wishes, and came forward
    log_file = log_to_file(paths.logs, logging.DEBUG if args.verbose else logging.INFO)
    files = UserFiles.open(paths)
    settings, state = files.settings, files.state
    library = SoundLibrary.open(paths.audio_assets, paths.data / "sounds")
    sounds = chosen_sounds(args.sounds, library, state.mix)
    problems = [*files.problems, *library.problems]
    plan_book = PlanBook(paths.data / PLANS_FOLDER)
    own_plans = plan_book.load()
    problems += plan_book.problems
    preparation = prepare(args, plan, state, problems, own_plans)
    database = open_database(paths.data, problems)
    people, history = PeopleBook(database), History(database)
    preparation.choose_person(last_person(people, state.person_id))

    app = QApplication([sys.argv[0]])
    app.setApplicationName("Lull")
    app.setDesktopFileName(APP_ID)
    theme = LIGHT if settings.theme == "light" else DARK
    apply_theme(app, theme)
    signal_sockets, signalled = install_quit_on_signals(app)

    # The mixer opens (and pygame, with numpy, is imported) on the sound's own thread once the
    # window's first frame is out: until then a silent stand-in holds the volume and mute.
    stand_in = SilentEngine(STARTING)
    stand_in.set_master_volume(state.master_volume)
    stand_in.set_muted(state.muted)
    audio = AudioBridge(
        stand_in, library, time.monotonic, chime_volume=settings.chime_volume, starting=True
    )
    # The room's time, the laptop's sleep included: a session that slept catches up once.
    clock = session_clock if args.speed == 1 else scaled_clock(session_clock, args.speed)

    def make_session(chosen: Plan) -> Session:
        return Session(
            chosen,
            clock,
            checkin_every=(chosen.checkin_minutes or settings.checkin_minutes) * 60,
            reminders=reminders(chosen, settings),
            person=preparation.person,
            heads_up=window.remembered.heads_up_seconds,
        )

    bridge = SessionBridge(make_session, clock, speed=args.speed)
    # Before the window's own slots: a change's chime is handed to the sound's thread first,
    # and sounds while the window redraws.
    wire_sound(bridge, audio)
    window = MainWindow(
        preparation,
        bridge,
        audio,
        state,
        theme,
        commands=create_actions(app),
        mixes=files.mixes,
        icon=QIcon(str(paths.icons / "lull.svg")),
        before_start=lambda: flow.before_start(),
    )
    tell = window.statusBar().showMessage
    flow = PeopleFlow(
        window,
        window.top_bar.person_chooser,
        preparation,
        people,
        history,
        tell=tell,
        now=local_now,
    )
    recorder = Recorder(
        history,
        tell,
        locks=database.path.parent if database.path else None,
        rehearsal=args.speed != 1,
    )
    wire_plans(window, plan_book, tell)
    speech = wire_eyes_free(window, args.speed, session=clock)
    wire_history(bridge, recorder, flow)
    notice = BugNotice(window, log_file)
    sys.excepthook = lambda kind, error, trace: tell_of_bug(notice, kind, error, trace)
    window.themeChosen.connect(lambda chosen: keep_theme(files, chosen, window))

    def before_quitting() -> None:
        try:
            files.remember(window.ui_state())
        except StoreError as error:
            log.warning("%s", error)
        finally:
            recorder.flush()  # the end of a session another program kept from being written
            speech.close()
            audio.engine.close()

    app.aboutToQuit.connect(before_quitting)
    # As a signal quits: every loop ends, dialogs unanswered, no window asked to close (a
    # plan editor closed would ask whether to throw its changes away, as Lull quits).
    window.commands[ActionId.QUIT].triggered.connect(lambda: app.exit(0))
    window.load_chosen_plan()
    if QSystemTrayIcon.isSystemTrayAvailable():  # desktops without a tray simply go without
        add_tray(window, bridge)
    show_window(window, app, first_run=not state.window_geometry)
    QTimer.singleShot(
        0, lambda: log.info("window shown %.3f s after start", time.monotonic() - started)
    )
    if problems:
        window.statusBar().showMessage("  ".join(problems))

    open_sound_once_shown(window, sounds, speech, start=args.start)

    def join_the_desktop() -> None:  # none of it shows in the first frame (18 ms of the start)
        wire_awake(window, tell)
        add_media_keys(window, app)
        listen_for_later_starts(claim, window, args.data_dir, tell)  # a later start waits

    AfterFirstFrame(window, join_the_desktop).arm()
    AfterFirstFrame(window, flow.prepare_relief).arm()  # its ~20 ms now, not at a session's end
    AfterFirstFrame(window, keep_out_of_collections).arm()  # the window, plans, modules: built
    if not args.start:
        QTimer.singleShot(
            0,
            lambda: offer_resume(
                window,
                history,
                people,
                recorder,
                lambda checkpoint, person: Session.resumed(
                    checkpoint,
                    clock,
                    reminders=reminders(checkpoint.plan, settings),
                    person=person,
                    heads_up=window.remembered.heads_up_seconds,
                ),
            ),
        )
    status = app.exec()
    # Closed once the loop is over: a slot that ran after before_quitting (letting the screen
    # saver go waits for its answer, and the session's timers fire meanwhile) wrote to it.
    database.close()
    for name in signalled:
        log.info("%s: quitting", name)
    log.info("quitting")
    close_signal_sockets(signal_sockets)
    if isinstance(audio.engine, EngineThread) and audio.engine.stuck:
        leave_now(status)
    return status


def leave_now(status: int) -> NoReturn:
    """The sound's thread is stuck in the sound server (one that stopped answering): what
    Lull keeps is saved, and so it leaves now. Python's own exit would close pygame's mixer
    once more, and wait for that server for ever, the window still on the screen."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def open_sound_once_shown(
    window: MainWindow, sounds: dict[str, float], speech: DesktopSpeech, *, start: bool
) -> None:
    """The mixer opens on its own thread once the window's first frame is out, then plays the
    sounds; with --start the session starts once they play (decoding them takes a moment: so
    its first chime and words are heard on time, and the soundscape begins with it)."""
    from PySide6.QtCore import QTimer

    from app.audio.opening import open_engine
    from app.desktop.speech import PROBE_TIMEOUT_SECONDS
    from app.ui.first_frame import AfterFirstFrame

    audio = window.audio

    def open_sound() -> None:
        audio.open_in_background(lambda: open_engine(clock=time.monotonic))
        audio.play_mix(sounds)  # carried out once the mixer is open; `starting` until then
        speech.probe()
        # Its time up, a probe still running is ended, whether or not a note was to be said.
        QTimer.singleShot(round(PROBE_TIMEOUT_SECONDS * 1000) + 100, window, speech.settle)
        if start:
            start_once_sound_plays(window)

    AfterFirstFrame(window, open_sound).arm()


def keep_out_of_collections() -> None:
    """What the start built (modules, plans, the widgets' wrappers: some 70,000 objects) lives as
    long as the window. A full collection walked all of it on the UI thread, 18-30 ms: a frame or
    two lost whenever one fell in a session. Frozen, it is left out; collections walk the rest."""
    gc.freeze()
    log.info("%d objects from the start kept out of collections", gc.get_freeze_count())


def refuse_without_display() -> None:
    problem = display_problem()
    if problem:
        raise UsageError(problem)


def keep_theme(files: UserFiles, theme: str, window: MainWindow) -> None:
    try:
        files.choose_theme(theme)
    except StoreError as error:
        window.statusBar().showMessage(f"Could not save the theme: {error.reason}.")


def show_window(window: MainWindow, app: QApplication, *, first_run: bool) -> None:
    if first_run:  # the default size, or the screen's if that is smaller
        screen = app.primaryScreen().availableGeometry()
        width, height = DEFAULT_WINDOW_SIZE
        window.resize(min(width, screen.width()), min(height, screen.height()))
    window.show()


def prepare(
    args: argparse.Namespace,
    asked: Plan,
    state: UiState,
    problems: list[str],
    own: Sequence[Plan] = (),
) -> Preparation:
    """The plan and length to start with: as asked on the command line, else as last time."""
    if args.plan is not None:
        known = {plan.id for plan in (*BUILT_IN_PLANS, *own)}
        file = (asked, Path(args.plan).resolve()) if args.plan not in known else None
        return Preparation(
            BUILT_IN_PLANS, Checklist(), chosen=asked.id, minutes=args.minutes, file=file, own=own
        )
    file, chosen = None, state.plan_id
    if state.plan_file:  # a plan of one's own, opened again from its file
        try:
            file = (load_plan_file(Path(state.plan_file)), Path(state.plan_file))
        except PlanError as error:
            problems.append(f"The plan you used last time could not be opened: {error}.")
            chosen = DEFAULT_PLAN_ID
    return Preparation(
        BUILT_IN_PLANS,
        Checklist(),
        chosen=chosen,
        minutes=args.minutes or state.minutes,
        file=file,
        own=own,
    )


def open_database(folder: Path, problems: list[str]) -> Database:
    """The people and their history; in memory for this run when no file can be kept."""
    database = Database.open(folder / DATABASE_NAME)
    problems += database.problems
    if database.held and not any(database.held in problem for problem in database.problems):
        problems.append(f"Your history is only read: {database.held}.")
    return database


def last_person(people: PeopleBook, person_id: int) -> Person | None:
    """Who the last session was for, if they are still there to choose."""
    if not person_id:
        return None
    try:
        return people.get(person_id)
    except StoreError as error:
        log.warning("the last person could not be read: %s", error)
        return None


def wire_history(bridge: SessionBridge, recorder: Recorder, flow: PeopleFlow) -> None:
    """The session, recorded as it runs: its start, phases, answers, pauses, end and place;
    at the end, how much relief it brought."""
    from PySide6.QtCore import QTimer

    bridge.stateChanged.connect(lambda _state: recorder.state_changed(bridge.session))
    bridge.phaseChanged.connect(lambda _index: recorder.phase_changed(bridge.session))
    bridge.checkinAnswered.connect(recorder.answered)
    bridge.timeChanged.connect(lambda _left: recorder.time_passed(bridge.session))
    bridge.finished.connect(lambda _completed: recorder.finished(bridge.session))

    def ask_relief() -> None:  # the session's record is noted by now
        flow.ask_relief(recorder.last_finished)

    # The end's chime, summary and record first, painted, then the question: drawn together,
    # the window and the new dialog held the event loop past a frame (17-23 ms).
    bridge.finished.connect(lambda _completed: QTimer.singleShot(RELIEF_AFTER_MS, flow, ask_relief))
    bridge.began.connect(lambda _plan: flow.close_relief())


class _PrivateLog(RotatingFileHandler):
    """A log file only its owner reads: it names the sessions and the people in them."""

    def _open(self) -> io.TextIOWrapper:
        stream = super()._open()
        if not os.path.islink(self.baseFilename):  # a link's target is the user's to keep
            os.chmod(self.baseFilename, 0o600)
        return stream


def log_to_file(folder: Path, level: int = logging.INFO) -> Path | None:
    """Keep a log in the user's log folder, a few rotated files; None when it cannot be kept."""
    path = folder / LOG_NAME
    try:
        make_folder(folder)
        if path.exists() and not path.is_file():  # a FIFO would hold the start forever
            raise OSError(errno.EINVAL, "it is not a regular file")
        handler = _PrivateLog(
            folder / LOG_NAME, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
        )
    except OSError as error:
        log.warning("no log file in %s: %s", folder, error)
        return None
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    logging.raiseExceptions = False  # a full disk loses log lines, not the user's terminal
    logging.getLogger().addHandler(handler)
    logging.getLogger().setLevel(min(level, logging.getLogger().level))
    return folder / LOG_NAME


def tell_of_bug(
    notice: BugNotice, kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    """A bug in a slot is logged with its traceback, told calmly, and the session carries on."""
    log.critical("unexpected error", exc_info=(kind, error, trace))
    notice.tell()


def reminders(plan: Plan, settings: Settings) -> list[Reminder]:
    """The towels, put on to warm as long before the closing as the plan, or else the giver,
    says."""
    return [towel_reminder((plan.towel_minutes or settings.towel_lead_minutes) * 60)]


def wire_plans(window: MainWindow, book: PlanBook, tell: Callable[[str], None]) -> None:
    """Plans of one's own: the top bar's plan menu, and plan files dropped on the window."""
    from app.ui.folder_watch import FolderWatch
    from app.ui.plans_flow import PlansFlow

    audio, bridge = window.audio, window.bridge
    plans = PlansFlow(
        window,
        window.top_bar,
        window.preparation,
        book,
        tell=tell,
        sounds=lambda: {entry.id: entry.title for entry in audio.library.entries(Kind.AMBIENCE)},
        playing=lambda: tuple(audio.playing().items()),
        choosing=lambda: bridge.session.state in (SessionState.READY, SessionState.FINISHED),
    )
    window.planDropped.connect(plans.import_file)
    FolderWatch(book.folder, plans.reload, window)


def wire_sound(bridge: SessionBridge, audio: AudioBridge) -> None:
    """The session's moments, heard: a chime on each change, planned ahead to land on time."""
    from app.ui.audio_bridge import CHECKIN_CHIME, END_CHIME, PHASE_CHIME

    bridge.momentAhead.connect(audio.moment_ahead)
    bridge.noMomentAhead.connect(audio.no_moment_ahead)

    def phase_started(event: PhaseStarted) -> None:
        if event.by_hand:  # a change the session planned was chimed ahead, on its deadline
            audio.chime(PHASE_CHIME)

    bridge.phaseStarted.connect(phase_started)
    bridge.startedAgain.connect(audio.bring_back_mix)
    bridge.checkinDue.connect(lambda: audio.chime(CHECKIN_CHIME))
    bridge.reminderDue.connect(lambda _reminder: audio.chime(CHECKIN_CHIME))
    bridge.finished.connect(lambda _completed: audio.chime(END_CHIME))


def wire_eyes_free(
    window: MainWindow, speed: float, clock: Clock = time.monotonic, session: Clock | None = None
) -> DesktopSpeech:
    """What lets the giver keep their eyes on the person: the sound following the plan (and
    resting after it), the calm voice, and the choices for both, remembered."""
    from app.desktop.speech import DesktopSpeech
    from app.ui.ambience_follower import AmbienceFollower
    from app.ui.voice_bridge import VoiceBridge

    bridge, audio, state = window.bridge, window.audio, window.remembered
    follower = AmbienceFollower(
        bridge,
        audio,
        clock if session is None else session,  # the rest keeps the session's time (--speed)
        rest_minutes=state.rest_minutes,
        speed=speed,
        parent=window,
    )
    panel = window.ambience
    panel.restChosen.connect(follower.set_rest_minutes)
    panel.restChosen.connect(lambda minutes: window.remember(rest_minutes=minutes))
    follower.restLeft.connect(panel.show_rest_left)
    follower.restEnded.connect(panel.show_rest_ended)

    speech = DesktopSpeech()
    voice = VoiceBridge(
        bridge,
        audio,
        speech,
        clock,
        speed=speed,
        voice=state.voice,
        volume=state.voice_volume,
        heads_up_seconds=state.heads_up_seconds,
        parent=window,
    )
    controls = window.voice
    controls.voiceChanged.connect(voice.set_voice)
    controls.voiceChanged.connect(lambda on: window.remember(voice=on))
    controls.volumeChanged.connect(voice.set_volume)
    controls.volumeChanged.connect(lambda volume: window.remember(voice_volume=volume))
    controls.headsUpChanged.connect(voice.set_heads_up_seconds)
    controls.headsUpChanged.connect(lambda seconds: window.remember(heads_up_seconds=seconds))

    def heads_up_chosen(seconds: int) -> None:
        bridge.session.heads_up = seconds
        bridge.tick()  # the heads-up foreseen again, at its new time

    controls.headsUpChanged.connect(heads_up_chosen)
    return speech


def wire_awake(window: MainWindow, tell: Callable[[str], None]) -> None:
    """While a session runs the laptop is kept awake (as the giver chose), and a sleep it took
    anyway is caught up once, and told."""
    from PySide6.QtDBus import QDBusConnection
    from PySide6.QtWidgets import QApplication

    from app.desktop.keep_awake import KeepAwake
    from app.desktop.sleep_watch import SleepWatch, slept_notice

    bridge, room = window.bridge, window.room
    keep_awake = KeepAwake(QDBusConnection.sessionBus(), "Lull", window)
    keep_awake.enabled = window.remembered.keep_awake
    sleep_watch = SleepWatch(
        time.monotonic, session_clock, QDBusConnection.systemBus(), parent=window
    )

    def running(state: SessionState) -> None:
        keep_awake.set_wanted(state is SessionState.RUNNING)
        sleep_watch.set_watching(state is SessionState.RUNNING)

    def slept(seconds: float) -> None:
        bridge.tick()  # caught up first, then told
        tell(slept_notice(seconds))

    def chosen(keep: bool) -> None:
        keep_awake.enabled = keep
        window.remember(keep_awake=keep)

    bridge.stateChanged.connect(running)
    keep_awake.unavailable.connect(room.show_notice)
    sleep_watch.slept.connect(slept)
    room.keepAwakeChanged.connect(chosen)
    app = QApplication.instance()
    assert app is not None  # the window exists
    app.aboutToQuit.connect(keep_awake.close)  # let go as Lull quits


def add_tray(window: MainWindow, bridge: SessionBridge) -> None:
    from app.ui.tray import Tray

    tray = Tray(window.windowIcon(), window.commands, window)
    bridge.stateChanged.connect(lambda _state: tray.show_session(bridge.session))
    bridge.timeChanged.connect(lambda _left: tray.show_session(bridge.session))
    tray.show()


def add_media_keys(window: MainWindow, app: QApplication) -> None:
    """The keyboard's media keys and the desktop's media controls (MPRIS), through the same
    actions as the window and the tray; without a session bus Lull goes without."""
    from PySide6.QtDBus import QDBusConnection

    from app.desktop.mpris import Commands, MprisService
    from app.ui.actions import ActionId

    bridge, audio, actions = window.bridge, window.audio, window.commands
    commands = Commands(
        actions[ActionId.START_PAUSE],
        actions[ActionId.NEXT],
        actions[ActionId.PREVIOUS],
        show_window=lambda: bring_forward(window),
        quit=app.quit,
    )
    service = MprisService(QDBusConnection.sessionBus(), bridge, audio, commands, window)
    if service.register():
        bridge.stateChanged.connect(service.refresh)
        bridge.phaseChanged.connect(service.refresh)
        audio.playingChanged.connect(service.refresh)  # also each change of the master volume
