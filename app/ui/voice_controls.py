"""The voice's controls: spoken cues on or off, the voice's volume, and how long before each
change the heads-up comes. A small card for a side column; it shows choices and sends them on."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from app.core.prompts import HEADS_UP_CHOICES
from app.ui.ambience_panel import SLIDER_STEPS
from app.ui.check_row import CheckRow

VOICE_WORDS = "Speak the cues"
VOICE_TIP = (
    "A calm voice says each phase as it begins, the check-in question and the towels; "
    "off, only the chimes sound"
)
HEADS_UP_TIP = (
    "This long before each change, the voice (or, with the voice off, a soft tone) lets you "
    "finish the stroke"
)


def heads_up_words(seconds: int) -> str:
    if seconds == 0:
        return "Off"
    return "1 second" if seconds == 1 else f"{seconds} seconds"


class VoiceControls(QFrame):
    voiceChanged = Signal(bool)  # the giver turned the spoken cues on or off
    volumeChanged = Signal(float)  # the voice's own volume, 0 to 1
    headsUpChanged = Signal(int)  # seconds before each change; 0: no heads-up

    def __init__(
        self, voice: bool, volume: float, heads_up_seconds: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName("Voice")
        heading = QLabel("Voice")
        heading.setObjectName("panelHeading")

        row = CheckRow(VOICE_WORDS)
        row.setToolTip(VOICE_TIP)
        self.voice = row.box
        self.voice.setObjectName("voiceOn")
        self.voice.setToolTip(VOICE_TIP)
        self.voice.setChecked(voice)
        self.voice.toggled.connect(self._voice_toggled)

        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, SLIDER_STEPS)
        self.volume.setValue(round(volume * SLIDER_STEPS))
        self.volume.setAccessibleName("Voice volume")
        self.volume.setToolTip("Voice volume")
        self.volume.setEnabled(voice)
        self.volume.valueChanged.connect(
            lambda value: self.volumeChanged.emit(value / SLIDER_STEPS)
        )
        volume_label = QLabel("Volume")
        volume_label.setBuddy(self.volume)
        volume_row = QHBoxLayout()
        volume_row.addWidget(volume_label)
        volume_row.addWidget(self.volume, 1)

        self.heads_up = QComboBox()
        self.heads_up.setObjectName("headsUp")
        self.heads_up.setAccessibleName("Heads-up before each change")
        self.heads_up.setToolTip(HEADS_UP_TIP)
        # A length set by hand in the settings file is kept, and shown as it is.
        for seconds in sorted({*HEADS_UP_CHOICES, heads_up_seconds}):
            self.heads_up.addItem(heads_up_words(seconds), seconds)
        self.heads_up.setCurrentIndex(self.heads_up.findData(heads_up_seconds))
        self.heads_up.activated.connect(
            lambda index: self.headsUpChanged.emit(self.heads_up.itemData(index))
        )
        # Above its box, not beside it: a side column at 1024x600 is too narrow for both.
        heads_up_label = QLabel("Heads-up before each change")
        heads_up_label.setWordWrap(True)
        heads_up_label.setBuddy(self.heads_up)
        heads_up_label.setToolTip(HEADS_UP_TIP)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(heading)
        layout.addWidget(row)
        layout.addLayout(volume_row)
        layout.addWidget(heads_up_label)
        layout.addWidget(self.heads_up)

    @property
    def heads_up_seconds(self) -> int:
        return int(self.heads_up.currentData())

    def _voice_toggled(self, on: bool) -> None:
        self.volume.setEnabled(on)
        self.voiceChanged.emit(on)
