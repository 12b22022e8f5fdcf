"""Sound that follows the massage: a phase's ambience applied to the sounds playing.

A phase's `volume` is the ambience's level as a share of the mix as chosen (1 plays it as
chosen, 0.8 a little softer); its `levels` are another mix, chosen by the plan. Between phases
the giver may change what plays: a phase change starts from what plays now, so their changes
are kept, and only scales them. A level rises only where the plan raises it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.core.plan import PhaseAmbience


@dataclass(frozen=True)
class Following:
    """A session's sounds as the giver (or the plan) chose them, and the share of that heard."""

    chosen: Mapping[str, float] = field(default_factory=dict)  # sound id -> volume, as chosen
    volume: float = 1.0  # the share of the chosen mix heard in this phase

    @classmethod
    def of(cls, playing: Mapping[str, float]) -> Following:
        """A session begins with the sounds playing, heard as chosen."""
        return cls(dict(playing))

    def change(
        self, playing: Mapping[str, float], ambience: PhaseAmbience
    ) -> tuple[dict[str, float], Following]:
        """The levels to move to as a phase with `ambience` begins, `playing` being what plays
        now; and what is followed from then on."""
        chosen = self.chosen_from(playing)
        if ambience.levels is not None:
            chosen = dict(ambience.levels)
        volume = self.volume if ambience.volume is None else ambience.volume
        levels = {sound: min(1.0, level * volume) for sound, level in chosen.items()}
        return levels, Following(chosen, volume)

    def chosen_from(self, playing: Mapping[str, float]) -> dict[str, float]:
        """What plays now, as it would be heard at the chosen level: the giver's own changes
        since the last phase kept."""
        if self.volume > 0:
            return {sound: min(1.0, level / self.volume) for sound, level in playing.items()}
        # Silenced by the plan: a sound still at 0 is as chosen; one turned up, as heard.
        return {
            sound: self.chosen.get(sound, level) if level == 0 else level
            for sound, level in playing.items()
        }
