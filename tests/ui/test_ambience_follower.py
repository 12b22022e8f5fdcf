"""Sound that follows the massage: each phase's ambience heard as it begins, and the rest timer
after a session (or with ambience alone), on the real mixer (SDL's dummy driver)."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from fake_clock import FakeClock
from pytestqt.qtbot import QtBot
from ui.conftest import BuildWindow

from app.audio.engine import END_FADE_SECONDS
from app.core.clock import scaled_clock
from app.core.plan import (
    BUILT_IN_PLANS,
    PhaseAmbience,
    Plan,
    built_in_plan,
)
from app.core.rest_timer import REST_FADE_SECONDS
from app.core.session import SessionState
from app.ui.ambience_follower import AmbienceFollower
from app.ui.audio_bridge import AudioBridge
from app.ui.session_bridge import SessionBridge

SOFTER, EASED = 0.5, 0.25


def plan_with_ambience() -> Plan:
    """The classic plan (9 phases) with its neck (index 7) softer and its closing eased down."""
    plan = built_in_plan("classic")
    phases = list(plan.phases)
    phases[7] = replace(phases[7], ambience=PhaseAmbience(volume=SOFTER, fade_seconds=10))
    phases[8] = replace(phases[8], ambience=PhaseAmbience(volume=EASED, fade_seconds=20))
    return replace(plan, phases=tuple(phases))


def plan_with_a_mix_at_phase_2(*levels: tuple[str, float]) -> Plan:
    """The classic plan, its third phase moving the sound to `levels`."""
    plan = built_in_plan("classic")
    phases = list(plan.phases)
    phases[2] = replace(phases[2], ambience=PhaseAmbience(levels=levels))
    return replace(plan, phases=tuple(phases))


@pytest.fixture
def follower(bridge: SessionBridge, audio: AudioBridge, clock: FakeClock) -> AmbienceFollower:
    return AmbienceFollower(bridge, audio, clock)


def go_to_phase(bridge: SessionBridge, clock: FakeClock, index: int) -> None:
    """Let the session's clock run until phase `index` begins."""
    session = bridge.session
    clock.advance(sum(p.seconds for p in session.plan.phases[:index]) - session.elapsed)
    bridge.tick()
    assert session.index == index


def start(bridge: SessionBridge, plan: Plan) -> None:
    bridge.load(plan)
    bridge.start_or_pause()


def test_a_phase_volume_softens_the_sounds_playing_and_phases_without_keep_them(
    follower: AmbienceFollower, bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    audio.play_mix({"river": 0.6, "rain": 0.4})
    start(bridge, plan_with_ambience())
    go_to_phase(bridge, clock, 6)  # no ambience of its own: as it was
    assert audio.playing() == pytest.approx({"river": 0.6, "rain": 0.4})
    go_to_phase(bridge, clock, 7)
    assert audio.playing() == pytest.approx({"river": 0.3, "rain": 0.2})
    go_to_phase(bridge, clock, 8)
    assert audio.playing() == pytest.approx({"river": 0.15, "rain": 0.1})


def test_a_phase_mix_moves_to_its_sounds(
    follower: AmbienceFollower, bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    audio.play("river", 0.6)
    start(bridge, plan_with_a_mix_at_phase_2(("ocean", 0.5)))
    go_to_phase(bridge, clock, 2)
    assert audio.playing() == pytest.approx({"ocean": 0.5})  # the river fades out


def test_a_phase_mix_of_sounds_one_does_not_have_leaves_the_music_playing(
    follower: AmbienceFollower, bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    audio.play("river", 0.6)
    told: list[str] = []
    audio.problem.connect(told.append)
    start(bridge, plan_with_a_mix_at_phase_2(("whale-song", 0.5)))
    go_to_phase(bridge, clock, 2)
    assert audio.playing() == pytest.approx({"river": 0.6})  # never silence for a missing sound
    assert told == ["This phase's sounds are not in Lull; the music goes on."]
    go_to_phase(bridge, clock, 3)  # the next phase: those words are no longer true
    assert told[-1] == ""  # taken back (an attacker saw them still there at the neck)


def test_the_first_phase_ambience_follows_the_plans_own_mix(
    follower: AmbienceFollower, bridge: SessionBridge, audio: AudioBridge
) -> None:
    plan = built_in_plan("classic")
    first = replace(plan.phases[0], ambience=PhaseAmbience(volume=0.5))
    audio.play("rain", 0.7)
    start(bridge, replace(plan, phases=(first, *plan.phases[1:]), mix=(("river", 0.8),)))
    assert audio.playing() == pytest.approx({"river": 0.4})


def test_the_givers_own_change_during_a_phase_is_scaled_not_undone(
    follower: AmbienceFollower, bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    audio.play("river", 0.6)
    start(bridge, plan_with_ambience())
    go_to_phase(bridge, clock, 7)
    audio.set_volume("river", 0.4)  # the giver: a little louder than the plan's 0.3
    go_to_phase(bridge, clock, 8)
    assert audio.playing() == pytest.approx({"river": 0.2})  # half of it, as 0.5 -> 0.25 says


def test_the_plans_softening_is_not_remembered_as_the_givers_mix(
    follower: AmbienceFollower, bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    audio.play("river", 0.6)
    start(bridge, plan_with_ambience())
    go_to_phase(bridge, clock, 8)
    bridge.end()
    assert audio.mix_to_remember({}) == pytest.approx({"river": 0.6})


def test_the_built_in_plans_only_soften(
    follower: AmbienceFollower, bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    for plan in BUILT_IN_PLANS:
        audio.play_mix({"river": 0.7})
        start(bridge, plan)
        heard = [audio.playing()["river"]]
        for index in range(1, len(plan.phases)):
            go_to_phase(bridge, clock, index)
            heard.append(audio.playing()["river"])
        assert heard == sorted(heard, reverse=True)
        assert 0.3 < heard[-1] < heard[0], plan.id
        bridge.end()


# --- the rest timer -------------------------------------------------------------------------


def finish(bridge: SessionBridge, clock: FakeClock) -> None:
    clock.advance(bridge.session.plan.total_seconds)
    bridge.tick()


def test_with_the_rest_off_the_end_fades_as_it_always_has(
    bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    follower = AmbienceFollower(bridge, audio, clock, rest_minutes=0)
    audio.play("river", 0.6)
    start(bridge, built_in_plan("shoulders-neck"))
    finish(bridge, clock)
    assert audio.playing() == {}
    assert not follower.resting


def test_after_a_session_the_music_plays_on_for_the_rest_then_fades(
    qtbot: QtBot, bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    follower = AmbienceFollower(bridge, audio, clock, rest_minutes=5)
    audio.play("river", 0.6)
    start(bridge, built_in_plan("shoulders-neck"))
    with qtbot.waitSignal(follower.restLeft) as left:
        finish(bridge, clock)
    assert left.args == [pytest.approx(300)]
    assert follower.timer_active
    clock.advance(299)
    with qtbot.waitSignal(follower.restLeft) as left:
        follower.tick()
    assert left.args == [pytest.approx(1)]
    assert audio.playing() == pytest.approx({"river": 0.6 * 0.6})  # as the closing left it
    clock.advance(1)
    with qtbot.waitSignal(follower.restEnded):
        follower.tick()
    assert audio.playing() == {}  # fading out, over a minute
    assert not follower.timer_active


def test_starting_a_session_cancels_the_rest(
    qtbot: QtBot, bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    follower = AmbienceFollower(bridge, audio, clock, rest_minutes=10)
    audio.play("river", 0.6)
    assert follower.resting  # ambience alone: counted from when it started
    with qtbot.waitSignal(follower.restEnded):
        start(bridge, built_in_plan("classic"))
    assert not follower.resting
    clock.advance(20 * 60)
    follower.tick()
    assert bridge.session.state is SessionState.RUNNING
    assert set(audio.playing()) == {"river"}


def test_with_no_session_the_count_starts_again_with_each_sound_started(
    bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    follower = AmbienceFollower(bridge, audio, clock, rest_minutes=5)
    audio.play("river", 0.6)
    clock.advance(200)
    audio.set_volume("river", 0.5)  # a volume is no new sound
    assert follower.rest_left() == pytest.approx(100)
    audio.play("rain", 0.4)
    assert follower.rest_left() == pytest.approx(300)
    audio.play_mix({})  # nothing left to fade
    assert not follower.resting


def test_choosing_a_length_while_music_plays_counts_from_then_and_off_stops_it(
    qtbot: QtBot, bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    follower = AmbienceFollower(bridge, audio, clock)
    audio.play("river", 0.6)
    assert not follower.resting
    clock.advance(100)
    follower.set_rest_minutes(10)
    assert follower.rest_left() == pytest.approx(600)
    with qtbot.waitSignal(follower.restEnded):
        follower.set_rest_minutes(0)
    assert not follower.resting


def test_a_length_chosen_during_a_session_waits_for_its_end(
    bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    follower = AmbienceFollower(bridge, audio, clock)
    audio.play("river", 0.6)
    start(bridge, built_in_plan("shoulders-neck"))
    follower.set_rest_minutes(20)
    assert not follower.resting
    finish(bridge, clock)
    assert follower.rest_left() == pytest.approx(20 * 60)
    assert set(audio.playing()) == {"river"}


def test_a_remembered_length_that_is_not_a_choice_is_taken_as_the_nearest(
    bridge: SessionBridge, audio: AudioBridge, clock: FakeClock
) -> None:
    assert AmbienceFollower(bridge, audio, clock, rest_minutes=7).rest_minutes == 5
    assert AmbienceFollower(bridge, audio, clock, rest_minutes=16).rest_minutes == 20


def test_at_speed_the_rest_runs_on_real_timers_and_its_fade_is_as_fast(
    qtbot: QtBot, bridge: SessionBridge, audio: AudioBridge
) -> None:
    speed = 1200  # 5 minutes in a quarter of a second
    follower = AmbienceFollower(
        bridge, audio, scaled_clock(time.monotonic, speed), rest_minutes=5, speed=speed
    )
    assert follower.fade_seconds == pytest.approx(REST_FADE_SECONDS / speed)
    assert follower.end_fade_seconds == END_FADE_SECONDS  # with no rest: as it always was
    began = time.monotonic()
    audio.play("river", 0.6)
    qtbot.waitUntil(lambda: audio.playing() == {}, timeout=3_000)
    assert 0.2 <= time.monotonic() - began < 2.0


def test_after_a_session_a_sound_the_closing_eased_comes_back_at_the_givers_volume(
    qtbot: QtBot,
    build_window: BuildWindow,
    bridge: SessionBridge,
    audio: AudioBridge,
    clock: FakeClock,
) -> None:
    window = build_window(audio)
    AmbienceFollower(bridge, audio, clock, parent=window)  # no rest: the end fades the music
    panel = window.ambience
    panel.toggles["river"].click()
    panel.sliders["river"].setValue(60)
    start(bridge, plan_with_ambience())
    go_to_phase(bridge, clock, 8)
    assert panel.sliders["river"].value() == 15  # the closing's easing, shown as it plays
    bridge.end()
    assert audio.playing() == {}
    assert panel.sliders["river"].value() == 60  # the giver's, not the plan's softening
    panel.toggles["river"].click()
    assert audio.playing() == pytest.approx({"river": 0.6})
