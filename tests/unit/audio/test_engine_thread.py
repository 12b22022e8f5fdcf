"""The engine on its own thread, with pygame's real mixer on SDL's disk driver: the caller's
calls return at once, are carried out in order, and what failed or ended comes back."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pygame
import pytest
from fake_clock import FakeClock
from unit.audio.audio_signals import MakeSound

from app.audio.engine import MAX_LAYERS, AudioEngine, LayerEnded
from app.audio.engine_thread import STARTING, EngineThread
from app.audio.opening import open_engine
from app.audio.pygame_engine import REST_AFTER_SECONDS, PygameEngine
from app.audio.sound import Kind

NEWS_SECONDS = 10.0  # a bound for a test that fails, never a wait a passing test makes


class News:
    """The `woken` callback: set on the engine's thread, waited for on the test's."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def __call__(self) -> None:
        self._event.set()

    def settle(self, engine: EngineThread) -> list[LayerEnded]:
        """Polls as each report comes until the thread has caught up with every call."""
        ended = engine.poll()
        while not engine.caught_up:
            assert self._event.wait(NEWS_SECONDS), "the engine's thread never reported"
            self._event.clear()
            ended += engine.poll()
        return ended


@pytest.fixture
def disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SDL_AUDIODRIVER", "disk")
    monkeypatch.setenv("SDL_DISKAUDIOFILE", str(tmp_path / "mix.raw"))


@pytest.fixture
def news() -> News:
    return News()


@pytest.fixture
def threaded(disk: None, news: News) -> Iterator[EngineThread]:
    engine = EngineThread.start(open_engine, news)
    yield engine
    engine.close()


def held(release: threading.Event, opener: Callable[[], AudioEngine]) -> Callable[[], AudioEngine]:
    """An opener that keeps the thread busy until `release` is set, as a slow device would."""

    def open_later() -> AudioEngine:
        assert release.wait(NEWS_SECONDS)
        return opener()

    return open_later


def test_calls_return_and_queries_answer_while_the_thread_is_still_busy_opening(
    disk: None, news: News, make_sound: MakeSound
) -> None:
    release = threading.Event()
    engine = EngineThread.start(held(release, open_engine), news)
    try:
        # The thread is held inside the opening: had any call waited for it, none would return.
        engine.play_layer(make_sound("river", 330), 0.6)
        engine.set_layer_volume("river", 0.3)
        engine.set_master_volume(0.5)
        engine.set_muted(True)
        engine.play_chime(make_sound("chime", 880, 0.3, kind=Kind.CHIME, loop=False))
        assert engine.layers() == {"river": 0.3}
        assert (engine.master_volume, engine.muted) == (0.5, True)
        assert engine.opening and not engine.caught_up
        assert (engine.info.available, engine.info.reason) == (False, STARTING)
        assert engine.next_wakeup() is None  # the thread keeps its own time
        release.set()
        assert news.settle(engine) == []
        assert engine.info.driver == "disk" and not engine.opening
        assert engine.layers() == {"river": 0.3}
        assert (engine.master_volume, engine.muted) == (0.5, True)
    finally:
        release.set()
        engine.close()


def test_calls_are_carried_out_in_the_order_they_were_made(
    threaded: EngineThread, news: News, make_sound: MakeSound
) -> None:
    river, rain, ocean = (
        make_sound(name, f) for name, f in [("river", 330), ("rain", 440), ("ocean", 550)]
    )
    threaded.play_layer(river, 0.5)
    threaded.play_layer(rain, 0.5)
    threaded.stop_layer("river", 0.0)
    threaded.set_layer_volume("rain", 0.2)
    threaded.replace_layer("rain", ocean, crossfade=0.0)
    threaded.play_layer(river, 0.9)
    expected = {"ocean": 0.2, "river": 0.9}
    assert threaded.layers() == expected  # the copy, at once
    assert news.settle(threaded) == []
    assert threaded.layers() == expected  # the engine's own, as reported


def test_what_fails_on_the_thread_comes_back_with_its_reason_and_is_taken_back(
    threaded: EngineThread, news: News, make_sound: MakeSound
) -> None:
    gone = make_sound("gone", 330)
    gone.path.unlink()
    sounds = [make_sound(f"tone-{n}", 200 + 50 * n) for n in range(MAX_LAYERS + 1)]
    threaded.play_layer(gone)
    for sound in sounds:
        threaded.play_layer(sound, 0.5)
    assert set(threaded.layers()) == {"gone", *(sound.id for sound in sounds)}
    ended = news.settle(threaded)
    assert ended == [
        LayerEnded("gone", "“Gone” is missing from disk."),
        LayerEnded(sounds[-1].id, f"{MAX_LAYERS} sounds are already playing; stop one first."),
    ]
    assert threaded.layers() == {sound.id: 0.5 for sound in sounds[:-1]}


def test_closing_waits_for_the_thread_to_close_the_mixer(
    disk: None, news: News, make_sound: MakeSound
) -> None:
    engine = EngineThread.start(open_engine, news)
    engine.play_layer(make_sound("river", 330))
    news.settle(engine)
    assert pygame.mixer.get_init()
    engine.close()
    assert not pygame.mixer.get_init()
    assert not [thread for thread in threading.enumerate() if thread.name == "lull-audio"]
    engine.play_layer(make_sound("rain", 440))  # closed: nothing happens, nothing breaks
    engine.close()


class _Watched:
    """The real engine, noting which threads reach into it."""

    def __init__(self, engine: AudioEngine) -> None:
        self.engine = engine
        self.threads: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.threads.add(threading.current_thread().name)
        return getattr(self.engine, name)


def test_the_mixer_rests_and_wakes_on_the_engines_thread_never_the_callers(
    disk: None, news: News, make_sound: MakeSound, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="app.audio")
    clock = FakeClock()
    watched: list[_Watched] = []

    def opener() -> AudioEngine:
        watched.append(_Watched(open_engine(clock=clock)))
        return cast(AudioEngine, watched[0])

    engine = EngineThread.start(opener, news)
    try:
        news.settle(engine)
        clock.advance(REST_AFTER_SECONDS)
        engine.set_master_volume(0.8)  # the thread looks at the clock again, and rests
        engine.play_chime(make_sound("chime", 880, 0.3, kind=Kind.CHIME, loop=False))
        assert news.settle(engine) == []
        assert pygame.mixer.get_init()
    finally:
        engine.close()
    moves = [
        record
        for record in caplog.records
        if record.getMessage()
        in ("nothing to play: the mixer rests", "something to play: the mixer opens again")
    ]
    assert [record.getMessage() for record in moves] == [
        "nothing to play: the mixer rests",
        "something to play: the mixer opens again",
    ]
    assert {record.threadName for record in moves} == {"lull-audio"}
    assert watched[0].threads == {"lull-audio"}


def test_a_bug_on_the_thread_is_raised_on_the_callers_side_and_the_thread_carries_on(
    threaded: EngineThread, news: News, make_sound: MakeSound
) -> None:
    def broken(engine: AudioEngine) -> None:
        if isinstance(engine, PygameEngine):  # the copy on the caller's side is left alone
            raise ZeroDivisionError("a bug")

    threaded._send(broken)  # noqa: SLF001 (no public call has a bug to show)
    with pytest.raises(ZeroDivisionError):
        news.settle(threaded)
    threaded.play_layer(make_sound("river", 330), 0.4)
    assert news.settle(threaded) == []
    assert threaded.layers() == {"river": 0.4}
