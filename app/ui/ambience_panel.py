"""The ambience panel: soundscapes as toggles with their own volumes, in a list that scrolls, the
master volume and mute, saved mixes, and the user's own files."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.audio.engine import DEFAULT_LAYER_VOLUME, OUTPUT_LOST, STREAM_THRESHOLD_SECONDS
from app.audio.formats import AUDIO_SUFFIXES
from app.audio.library import Imported
from app.audio.sound import Origin, SoundEntry
from app.core.durations import countdown, position
from app.core.mixes import MixBook, NameTaken
from app.core.rest_timer import REST_CHOICES, nearest_choice
from app.core.store import StoreError
from app.ui.asking import ask_name, confirm
from app.ui.audio_bridge import AudioBridge
from app.ui.eliding_combo import ElidingComboBox
from app.ui.folder_watch import FolderWatch
from app.ui.sound_list import SoundList
from app.ui.sound_toggle import SoundToggle

SLIDER_STEPS = 100
LAYER_SLIDER_CHARS = 10  # a sound's volume needs no more; its name has the rest of the row
UNBROKEN_CHARS = 24  # a run of letters this long (a file name, say) may wrap anywhere
ZERO_WIDTH_SPACE = "\u200b"
MIX_CHOICE_TIP = "Play a saved mix in one click"
REST_TIP = "Let the music play on after the session, or by itself, then fade out over a minute"
AUDIO_FILES = "Sound files ({})".format(" ".join(f"*{suffix}" for suffix in AUDIO_SUFFIXES))


class AmbiencePanel(QFrame):
    doneEditing = Signal()  # a mix was named and saved: the keyboard can go back to the session
    restChosen = Signal(int)  # minutes the music plays on after a session (or alone); 0: off

    def __init__(
        self,
        audio: AudioBridge,
        mute: QAction,
        mixes: MixBook,
        parent: QWidget | None = None,
        *,
        rest_minutes: int = 0,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAccessibleName("Ambience")
        self.audio = audio
        self.mixes = mixes
        FolderWatch(mixes.folder, self.reload_mixes, self)  # another window saved one
        self.toggles: dict[str, SoundToggle] = {}
        self.sliders: dict[str, QSlider] = {}

        heading = QLabel("Ambience")
        heading.setObjectName("panelHeading")
        self.notice = QLabel()
        self.notice.setObjectName("secondary")
        self.notice.setWordWrap(True)
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.notice.hide()  # until there is something to say
        self.sound_list = SoundList()
        self.master = self._slider("Master volume", round(audio.master_volume * 100))
        self.master.valueChanged.connect(lambda v: audio.set_master_volume(v / SLIDER_STEPS))
        self.master_label = QLabel("Master")
        self.master_label.setObjectName("masterLabel")
        self.mute = mute
        mute_button = QToolButton()
        mute_button.setObjectName("mute")
        mute_button.setDefaultAction(mute)
        mute_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        master_row = QHBoxLayout()
        master_row.addWidget(self.master_label)
        master_row.addWidget(self.master, 1)
        master_row.addWidget(mute_button)

        self.mix_choice = ElidingComboBox()
        self.mix_choice.setAccessibleName("Saved mixes")
        self.mix_choice.setToolTip(MIX_CHOICE_TIP)
        # A long name elides in the box (its tooltip holds it) rather than widening the panel.
        self.mix_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.mix_choice.setMinimumContentsLength(6)
        self.mix_choice.activated.connect(self._recall_mix)
        self.mix_choice.currentIndexChanged.connect(self._show_mix_tip)
        self.mix_menu = QToolButton()
        self.mix_menu.setObjectName("mixMenu")
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
        self.mix_name.setPlaceholderText("Mix name")
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
        self.add_button.setText("Add…")  # beside the heading: "Ambience  Add…"
        self.add_button.setToolTip("Add a file of your own: OGG, MP3, WAV, FLAC, AIFF or Opus")
        self.add_button.setAccessibleName("Add a sound file")
        self.add_button.clicked.connect(self._choose_file)
        self.rest_choice = QComboBox()
        self.rest_choice.setAccessibleName("Fade out after")
        self.rest_choice.setToolTip(REST_TIP)
        for minutes in REST_CHOICES:
            self.rest_choice.addItem(f"{minutes} min" if minutes else "Off", minutes)
        self.rest_choice.setCurrentIndex(REST_CHOICES.index(nearest_choice(rest_minutes)))
        self.rest_choice.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves Space alone
        self.rest_choice.activated.connect(lambda index: self.restChosen.emit(REST_CHOICES[index]))
        rest_label = QLabel("Fade out after")
        rest_label.setBuddy(self.rest_choice)
        rest_label.setWordWrap(True)  # on two lines in a narrow panel, never cut short
        self.rest_left = QLabel()
        self.rest_left.setObjectName("secondary")
        self.rest_left.setWordWrap(True)
        self.rest_left.hide()  # until the rest is counting
        rest_row = QHBoxLayout()
        rest_row.addWidget(rest_label)
        rest_row.addWidget(self.rest_choice)
        rest_row.addStretch(1)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no known length: a calm moving bar while the file decodes
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(self.fontMetrics().height() // 2)
        self.busy.hide()

        # Adding a sound sits by the heading: on a small screen the list keeps that row's height.
        heading_row = QHBoxLayout()
        heading_row.addWidget(heading)
        heading_row.addStretch(1)
        heading_row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addLayout(heading_row)
        layout.addWidget(self.busy)
        layout.addWidget(self.notice)
        # The list takes the height there is; master, mixes and import stay put beneath it.
        layout.addWidget(self.sound_list, 1)
        layout.addSpacing(8)
        layout.addLayout(master_row)
        layout.addSpacing(8)
        layout.addLayout(choice_row)
        layout.addLayout(mix_row)
        layout.addLayout(rest_row)
        layout.addWidget(self.rest_left)

        audio.playingChanged.connect(self.refresh)
        audio.libraryChanged.connect(self.rebuild)
        audio.problem.connect(self._say)
        audio.soundAdded.connect(self._added)
        audio.importRefused.connect(self._refused)
        audio.engineChanged.connect(self._engine_ready)
        mute.toggled.connect(self._show_muted)
        self.rebuild()
        self._show_muted(mute.isChecked())

    # --- what it shows --------------------------------------------------------------------------

    def rebuild(self) -> None:
        """One row per soundscape in the library."""
        self.toggles, self.sliders = {}, {}
        for entry in self.audio.ambiences():
            toggle = SoundToggle(entry.title, "  (missing)" if entry.missing else "")
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
            slider.setMaximumWidth(self.fontMetrics().averageCharWidth() * LAYER_SLIDER_CHARS)
            slider.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves the keys alone
            slider.valueChanged.connect(lambda v, sound=entry.id: self._volume(sound, v))
            self.toggles[entry.id], self.sliders[entry.id] = toggle, slider
        self.sound_list.set_rows([(t, self.sliders[sound]) for sound, t in self.toggles.items()])
        self._show_mixes()
        self.refresh()

    def refresh(self) -> None:
        playing = self.audio.playing()
        if playing and self.notice.text() == _wrappable(OUTPUT_LOST):
            self._say("")  # the sound plays again: no longer true
        # A sound that stopped shows the volume the giver chose for it, not a phase's softening
        # of it (the closing eases the music down, then the session's end fades it out).
        shown = (self.audio.chosen_mix or {}) | playing
        for sound_id, toggle in self.toggles.items():
            toggle.blockSignals(True)
            toggle.setChecked(sound_id in playing)
            toggle.blockSignals(False)
            if sound_id in shown:
                self.sliders[sound_id].blockSignals(True)
                self.sliders[sound_id].setValue(round(shown[sound_id] * SLIDER_STEPS))
                self.sliders[sound_id].blockSignals(False)
        if not self.audio.available and not self.audio.starting:
            self._say(f"No sound: {self.audio.silent_because} Everything else works as usual.")
        for widget in (self.add_button, self.mix_choice, self.mix_name):
            widget.setEnabled(self.audio.available)
        self.master.setEnabled(self.audio.available and not self.mute.isChecked())
        self.mix_menu.setEnabled(self.audio.available and bool(self.mixes.names()))

    def _show_muted(self, muted: bool) -> None:
        """Muted reads from across the room: the word in amber, the volume greyed."""
        self.master_label.setText("Muted" if muted else "Master")
        self.master_label.setProperty("muted", muted)
        self.master_label.style().unpolish(self.master_label)
        self.master_label.style().polish(self.master_label)
        self.master.setEnabled(self.audio.available and not muted)
        self.master.setToolTip("Muted: press M to hear it again" if muted else "Master volume")
        # The row does not shift as the word changes: room for either, in bold.
        bold = QFont(self.master_label.font())
        bold.setBold(True)
        words = (QFontMetrics(bold).horizontalAdvance(word) for word in ("Master", "Muted"))
        self.master_label.setMinimumWidth(max(words))

    def show_rest_left(self, seconds: float) -> None:
        """The rest is counting: the time until the music fades, as the session's clock shows."""
        self.rest_left.setText(f"The music fades out in {countdown(seconds)}.")
        self.rest_left.show()

    def show_rest_ended(self) -> None:
        self.rest_left.clear()
        self.rest_left.hide()

    def _say(self, text: str) -> None:
        self.notice.setText(_wrappable(text))
        self.notice.setVisible(bool(text))  # no blank line above the list when all is well

    def _engine_ready(self) -> None:
        self._say("")
        self.master.setValue(round(self.audio.master_volume * SLIDER_STEPS))
        self.rebuild()

    def reload_mixes(self) -> None:
        if self.mixes.reload():
            self._show_mixes(self.mix_choice.currentText())

    def _show_mixes(self, chosen: str = "") -> None:
        names = self.mixes.names()
        self.mix_choice.clear()
        self.mix_choice.addItem("Saved mixes" if names else "No mixes yet")
        self.mix_choice.addItems(names)
        for index, name in enumerate(names, start=1):
            self.mix_choice.setItemData(index, name, Qt.ItemDataRole.ToolTipRole)
        self.mix_choice.setCurrentIndex(max(0, self.mix_choice.findText(chosen)))
        self.mix_menu.setEnabled(self.audio.available and bool(names))
        self._show_mix_tip()

    def _show_mix_tip(self) -> None:
        """The words in the box, whole (a narrow panel may end them in "…"), and what it does."""
        self.mix_choice.setToolTip(f"{self.mix_choice.currentText()}\n{MIX_CHOICE_TIP}")

    # --- what it forwards -----------------------------------------------------------------------

    def save_mix(self) -> None:
        name = self.mix_name.text().strip()
        playing = self.audio.playing()
        if not name or not playing:
            self._say("Play a sound or two, then name the mix to save it.")
            return
        try:
            self.mixes.save(name, playing)
        except StoreError as error:
            self._say(f"Could not save the mix: {error.reason}.")
            return
        self.mix_name.clear()
        self._show_mixes(name)
        self._say(f"Saved “{name}”.")
        # Space and M belong to the session again at once, not to the name field.
        self.mix_name.clearFocus()
        self.doneEditing.emit()

    def _chosen_mix(self) -> str:
        name = self.mix_choice.currentText()
        if name not in self.mixes.names():
            self._say("Choose a saved mix first.")
            return ""
        return name

    def _rename_mix(self) -> None:
        old = self._chosen_mix()
        new = old and ask_name(self, "Rename the mix", old)
        if new and new != old:
            self._change_mixes(lambda: self.mixes.rename(old, new), f"Renamed it “{new}”.", new)

    def _remove_mix(self) -> None:
        name = self._chosen_mix()
        if name and confirm(self, f"Remove the mix “{name}”?", "Its sounds stay in Lull."):
            self._change_mixes(lambda: self.mixes.remove(name), f"Removed “{name}”.", "")

    def _change_mixes(self, change: Callable[[], None], done: str, chosen: str) -> None:
        try:
            change()
        except StoreError as error:
            self._say(f"Could not change the mixes: {error.reason}.")
            return
        except NameTaken as taken:
            self._say(f"There is a mix called “{taken}” already; choose another name.")
            return
        except KeyError:
            self.reload_mixes()
            self._say("That mix is no longer there.")
            return
        self._show_mixes(chosen)
        self._say(done)

    def _rename_sound(self, entry: SoundEntry) -> None:
        title = ask_name(self, "Rename the sound", entry.title)
        if title and title != entry.title:
            self.audio.rename_sound(entry.id, title)

    def _remove_sound(self, entry: SoundEntry) -> None:
        if confirm(
            self,
            f"Remove “{entry.title}” from Lull?",
            "Lull's copy is deleted; your original file is not touched.",
        ):
            self.audio.remove_sound(entry.id)

    def import_file(self, path: Path) -> None:
        """Decode and add a file in the background; the result shows in the notice."""
        self.busy.show()
        self.add_button.setEnabled(False)
        self._say(f"Checking “{path.name}”…")
        self.audio.import_in_background(path)

    def _added(self, outcome: Imported) -> None:
        self._import_done()
        if outcome.entry.id in self.toggles:
            self.sound_list.reveal(self.toggles[outcome.entry.id])
        length = position(outcome.entry.seconds)
        if outcome.added:
            self._say(f"Added “{outcome.entry.title}” ({length}).")
        else:
            self._say(f"“{outcome.entry.title}” is in Lull already.")

    def _refused(self, reason: str) -> None:
        self._import_done()
        self._say(reason)

    def _import_done(self) -> None:
        self.busy.setVisible(self.audio.importing)
        self.add_button.setEnabled(not self.audio.importing)

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Add a sound", str(Path.home()), AUDIO_FILES)
        if name:
            self.import_file(Path(name))

    def _recall_mix(self, index: int) -> None:
        name = self.mix_choice.itemText(index)
        if name in self.mixes.names():
            self.audio.play_mix(self.mixes.get(name))
            self._say(f"Playing “{name}”.")

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


def _wrappable(text: str) -> str:
    """`text` with a place to wrap inside any very long run of letters, such as a file name, so
    the notice wraps it rather than widen the panel or be cut off."""
    return re.sub(
        rf"\S{{{UNBROKEN_CHARS}}}(?=\S)", lambda run: run.group() + ZERO_WIDTH_SPACE, text
    )


def _describe(entry: SoundEntry) -> str:
    source = "your file" if entry.origin is Origin.IMPORTED else "built in"
    streamed = (
        "; streamed from disk, so one long sound plays at a time"
        if entry.seconds > STREAM_THRESHOLD_SECONDS
        else ""
    )
    return f"{entry.title}: {position(entry.seconds)}, {source}{streamed}"
