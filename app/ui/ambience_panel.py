"""The ambience panel: soundscapes as toggles with their own volumes, the master volume,
saved mixes, and the user's own files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.audio.engine import DEFAULT_LAYER_VOLUME, STREAM_THRESHOLD_SECONDS
from app.audio.library import Imported
from app.audio.probe import AUDIO_SUFFIXES
from app.audio.sound import Origin, SoundEntry
from app.core.mixes import MixBook
from app.core.store import StoreError
from app.ui.audio_bridge import AudioBridge

SLIDER_STEPS = 100
AUDIO_FILES = "Sound files ({})".format(" ".join(f"*{suffix}" for suffix in AUDIO_SUFFIXES))


class AmbiencePanel(QFrame):
    def __init__(
        self,
        audio: AudioBridge,
        mute: QAction,
        mixes: MixBook,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName("Ambience")
        self.audio = audio
        self.mixes = mixes
        self.toggles: dict[str, QToolButton] = {}
        self.sliders: dict[str, QSlider] = {}

        heading = QLabel("Ambience")
        heading.setObjectName("panelHeading")
        self.notice = QLabel()
        self.notice.setObjectName("secondary")
        self.notice.setWordWrap(True)
        self.sounds = QGridLayout()
        self.sounds.setColumnStretch(0, 3)  # the names matter more than the sliders' length
        self.sounds.setColumnStretch(1, 2)
        self.master = self._slider("Master volume", round(audio.engine.master_volume * 100))
        self.master.valueChanged.connect(lambda v: audio.set_master_volume(v / SLIDER_STEPS))
        mute_button = QToolButton()
        mute_button.setDefaultAction(mute)
        mute_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        master_row = QHBoxLayout()
        master_row.addWidget(QLabel("Master"))
        master_row.addWidget(self.master, 1)
        master_row.addWidget(mute_button)

        self.mix_choice = QComboBox()
        self.mix_choice.setAccessibleName("Saved mixes")
        self.mix_choice.setToolTip("Play a saved mix in one click")
        self.mix_choice.activated.connect(self._recall_mix)
        self.mix_menu = QToolButton()
        self.mix_menu.setText("⋯")
        self.mix_menu.setToolTip("Rename or remove the chosen mix")
        self.mix_menu.setAccessibleName("Rename or remove the chosen mix")
        self.mix_menu.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.mix_menu.setMenu(QMenu(self.mix_menu))
        self.mix_menu.menu().addAction("Rename…", self._rename_mix)
        self.mix_menu.menu().addAction("Remove…", self._remove_mix)
        choice_row = QHBoxLayout()
        choice_row.addWidget(self.mix_choice, 1)
        choice_row.addWidget(self.mix_menu)
        self.mix_name = QLineEdit()
        self.mix_name.setPlaceholderText("Name this mix")
        self.mix_name.setAccessibleName("Name for the current mix")
        self.mix_name.returnPressed.connect(self.save_mix)
        save = QToolButton()
        save.setText("Save")
        save.setToolTip("Save the sounds playing now, with their volumes")
        save.clicked.connect(self.save_mix)
        mix_row = QHBoxLayout()
        mix_row.addWidget(self.mix_name, 1)
        mix_row.addWidget(save)

        self.add_button = QToolButton()
        self.add_button.setText("Add sound…")
        self.add_button.setToolTip("Add a file of your own: OGG, MP3, WAV, FLAC, AIFF or Opus")
        self.add_button.setAccessibleName("Add a sound file")
        self.add_button.clicked.connect(self._choose_file)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no known length: a calm moving bar while the file decodes
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(self.fontMetrics().height() // 2)
        self.busy.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(heading)
        layout.addWidget(self.notice)
        layout.addLayout(self.sounds)
        layout.addSpacing(8)
        layout.addLayout(master_row)
        layout.addSpacing(8)
        layout.addLayout(choice_row)
        layout.addLayout(mix_row)
        layout.addSpacing(8)
        layout.addWidget(self.add_button)
        layout.addWidget(self.busy)
        layout.addStretch(1)

        audio.layersChanged.connect(self.refresh)
        audio.libraryChanged.connect(self.rebuild)
        audio.problem.connect(self.notice.setText)
        audio.imported.connect(self._imported)
        audio.engineChanged.connect(self._engine_ready)
        self.rebuild()

    # --- what it shows --------------------------------------------------------------------------

    def rebuild(self) -> None:
        """One row per soundscape in the library."""
        while self.sounds.count():
            widget = self.sounds.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        self.toggles, self.sliders = {}, {}
        for row, entry in enumerate(self.audio.ambiences()):
            toggle = QToolButton()
            toggle.setObjectName("layer")
            toggle.setCheckable(True)
            toggle.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            toggle.setText(entry.title + ("  (missing)" if entry.missing else ""))
            toggle.setEnabled(not entry.missing and self.audio.available)
            toggle.setAccessibleName(f"Play {entry.title}")
            toggle.setToolTip(_describe(entry))
            toggle.toggled.connect(lambda on, sound=entry.id: self._toggled(sound, on))
            if entry.origin is Origin.IMPORTED:
                toggle.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
                rename = QAction("Rename…", toggle)
                rename.triggered.connect(lambda _=False, e=entry: self._rename_sound(e))
                remove = QAction("Remove from Lull…", toggle)
                remove.triggered.connect(lambda _=False, e=entry: self._remove_sound(e))
                toggle.addActions([rename, remove])
            slider = self._slider(f"Volume of {entry.title}", round(DEFAULT_LAYER_VOLUME * 100))
            slider.valueChanged.connect(lambda v, sound=entry.id: self._volume(sound, v))
            self.sounds.addWidget(toggle, row, 0)
            self.sounds.addWidget(slider, row, 1)
            self.toggles[entry.id], self.sliders[entry.id] = toggle, slider
        self._show_mixes()
        self.refresh()

    def refresh(self) -> None:
        playing = self.audio.playing()
        for sound_id, toggle in self.toggles.items():
            toggle.blockSignals(True)
            toggle.setChecked(sound_id in playing)
            toggle.blockSignals(False)
            if sound_id in playing:
                self.sliders[sound_id].blockSignals(True)
                self.sliders[sound_id].setValue(round(playing[sound_id] * SLIDER_STEPS))
                self.sliders[sound_id].blockSignals(False)
        if not self.audio.available and not self.audio.starting:
            self.notice.setText(
                f"No sound: {self.audio.engine.info.reason} Everything else works as usual."
            )
        for widget in (self.master, self.add_button, self.mix_choice, self.mix_name):
            widget.setEnabled(self.audio.available)
        self.mix_menu.setEnabled(self.audio.available and bool(self.mixes.names()))

    def _engine_ready(self) -> None:
        self.notice.clear()
        self.master.setValue(round(self.audio.engine.master_volume * SLIDER_STEPS))
        self.rebuild()

    def _show_mixes(self, chosen: str = "") -> None:
        names = self.mixes.names()
        self.mix_choice.clear()
        self.mix_choice.addItem("Saved mixes…" if names else "No saved mixes yet")
        self.mix_choice.addItems(names)
        self.mix_choice.setCurrentIndex(max(0, self.mix_choice.findText(chosen)))
        self.mix_menu.setEnabled(self.audio.available and bool(names))

    # --- what it forwards -----------------------------------------------------------------------

    def save_mix(self) -> None:
        name = self.mix_name.text().strip()
        playing = self.audio.playing()
        if not name or not playing:
            self.notice.setText("Play a sound or two, then name the mix to save it.")
            return
        try:
            self.mixes.save(name, playing)
        except StoreError as error:
            self.notice.setText(f"Could not save the mix: {error.reason}.")
            return
        self.mix_name.clear()
        self._show_mixes(name)
        self.notice.setText(f"Saved “{name}”.")

    def _chosen_mix(self) -> str:
        name = self.mix_choice.currentText()
        if name not in self.mixes.names():
            self.notice.setText("Choose a saved mix first.")
            return ""
        return name

    def _rename_mix(self) -> None:
        old = self._chosen_mix()
        new = old and _ask_name(self, "Rename the mix", old)
        if new and new != old:
            self._change_mixes(lambda: self.mixes.rename(old, new), f"Renamed it “{new}”.", new)

    def _remove_mix(self) -> None:
        name = self._chosen_mix()
        if name and _confirm(self, f"Remove the mix “{name}”?", "Its sounds stay in Lull."):
            self._change_mixes(lambda: self.mixes.remove(name), f"Removed “{name}”.", "")

    def _change_mixes(self, change: Callable[[], None], done: str, chosen: str) -> None:
        try:
            change()
        except StoreError as error:
            self.notice.setText(f"Could not change the mixes: {error.reason}.")
            return
        self._show_mixes(chosen)
        self.notice.setText(done)

    def _rename_sound(self, entry: SoundEntry) -> None:
        title = _ask_name(self, "Rename the sound", entry.title)
        if title and title != entry.title:
            self.audio.rename_sound(entry.id, title)

    def _remove_sound(self, entry: SoundEntry) -> None:
        if _confirm(
            self,
            f"Remove “{entry.title}” from Lull?",
            "Lull's copy is deleted; your original file is not touched.",
        ):
            self.audio.remove_sound(entry.id)

    def import_file(self, path: Path) -> None:
        """Decode and add a file in the background; the result shows in the notice."""
        self.busy.show()
        self.add_button.setEnabled(False)
        self.notice.setText(f"Checking “{path.name}”…")
        self.audio.import_in_background(path)

    def _imported(self, outcome: Imported | None, reason: str) -> None:
        self.busy.setVisible(self.audio.importing)
        self.add_button.setEnabled(not self.audio.importing)
        if outcome is None:
            self.notice.setText(reason)
        elif outcome.added:
            minutes = outcome.entry.seconds / 60
            self.notice.setText(f"Added “{outcome.entry.title}” ({minutes:.0f} min).")
        else:
            self.notice.setText(f"“{outcome.entry.title}” is in Lull already.")

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Add a sound", str(Path.home()), AUDIO_FILES)
        if name:
            self.import_file(Path(name))

    def _recall_mix(self, index: int) -> None:
        name = self.mix_choice.itemText(index)
        if name in self.mixes.names():
            self.audio.play_mix(self.mixes.get(name))
            self.notice.setText(f"Playing “{name}”.")

    def _toggled(self, sound_id: str, on: bool) -> None:
        if on:
            self.audio.play(sound_id, self.sliders[sound_id].value() / SLIDER_STEPS)
        else:
            self.audio.stop(sound_id)

    def _volume(self, sound_id: str, value: int) -> None:
        if sound_id in self.audio.playing():
            self.audio.set_volume(sound_id, value / SLIDER_STEPS)

    def _slider(self, name: str, value: int) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(0, SLIDER_STEPS)
        slider.setValue(value)
        slider.setAccessibleName(name)
        slider.setToolTip(name)
        return slider


def _ask_name(parent: QWidget, title: str, current: str) -> str:
    """A new name typed by the user, stripped; empty when they cancelled."""
    text, accepted = QInputDialog.getText(parent, title, "New name:", text=current)
    return text.strip() if accepted else ""


def _confirm(parent: QWidget, question: str, detail: str) -> bool:
    answer = QMessageBox.question(
        parent,
        "Lull",
        f"{question}\n\n{detail}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def _describe(entry: SoundEntry) -> str:
    minutes, seconds = divmod(round(entry.seconds), 60)
    source = "your file" if entry.origin is Origin.IMPORTED else "built in"
    streamed = (
        "; streamed from disk, so one long sound plays at a time"
        if entry.seconds > STREAM_THRESHOLD_SECONDS
        else ""
    )
    return f"{entry.title}: {minutes}:{seconds:02d}, {source}{streamed}"
