"""Draw each built-in sound's spectrogram into docs/spectrograms and print its measured figures."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
from numpy.typing import NDArray

Signal = NDArray[np.float64]

ROOT = Path(__file__).resolve().parent.parent
WINDOW = 4096  # 93 ms at 44.1 kHz: 11 Hz bins, fine enough to show a note's harmonics as lines
MAX_HOP = 1024  # long files: several frames are averaged into each pixel column
COLUMNS = 1000  # pixels of time; a 90 s loop gets 11 px a second, so the ocean's swells show
ROWS = 360  # pixels of frequency
LOW_HZ, HIGH_HZ = 30.0, 16_000.0  # log axis: from below the bass to above anything we make
DB_RANGE = 75.0  # colours span this far below the image's loudest cell
LEVEL_ROWS = 100  # pixels of the short-term level strip under the spectrogram
LEVEL_FLOOR_DB = -60.0  # its bottom edge, in dBFS
SWELL_CORRELATION = 0.5  # a level pattern that repeats at least this well counts as a swell
ENVELOPE_STEP = 0.05  # seconds per point of the envelope used for the swell period and decay
LEFT, RIGHT, TOP, BOTTOM, GAP = 64, 16, 30, 28, 8  # margins for the labels, in pixels
MAGMA = (  # a perceptually even dark-to-light map: quiet is dark, the room is dimmed
    (0.0, (0, 0, 4)),
    (0.25, (80, 18, 123)),
    (0.5, (182, 54, 121)),
    (0.75, (251, 136, 97)),
    (1.0, (252, 253, 191)),
)


@dataclass(frozen=True)
class Figures:
    """What was measured on one decoded file."""

    seconds: float
    rms_db: float
    peak_db: float
    dc: float
    centroid_hz: float
    seam_jump: float | None  # |last - first| sample, the worst channel; None for a chime
    typical_jump: float | None  # 99th percentile of the jumps inside the file
    seam_step_db: float | None  # RMS of 250 ms after the seam against 250 ms before
    period_s: float | None  # how often the level swells, if it does, between 4 and 20 s
    decay_s: float | None  # a chime's time from its peak to 40 dB under it


def db(value: float) -> float:
    return 20.0 * float(np.log10(max(value, 1e-12)))


def power_columns(mono: Signal) -> Signal:
    """Mean power spectrum per pixel column: (COLUMNS, WINDOW // 2 + 1)."""
    hop = max(1, min(MAX_HOP, (len(mono) - WINDOW) // COLUMNS))
    frames = np.lib.stride_tricks.sliding_window_view(mono, WINDOW)[::hop]
    power = np.abs(np.fft.rfft(frames * np.hanning(WINDOW), axis=1)) ** 2
    column = np.arange(len(power)) * COLUMNS // len(power)
    sums = np.zeros((COLUMNS, power.shape[1]))
    np.add.at(sums, column, power)
    return sums / np.bincount(column, minlength=COLUMNS)[:, None]


def log_rows(columns: Signal, rate: int) -> Signal:
    """Resample the frequency axis to ROWS log-spaced bands, the highest first, as mean power."""
    edges = LOW_HZ * (HIGH_HZ / LOW_HZ) ** (np.arange(ROWS + 1) / ROWS) / (rate / WINDOW)
    cumulative = np.concatenate([np.zeros((len(columns), 1)), np.cumsum(columns, axis=1)], axis=1)
    bins = np.arange(cumulative.shape[1])
    total = np.array([np.interp(edges, bins, row) for row in cumulative])
    return (np.diff(total, axis=1) / np.diff(edges))[:, ::-1].T


def colourise(power: Signal) -> NDArray[np.uint8]:
    """Map power to MAGMA colours in dB under the loudest cell: (rows, columns, 3)."""
    level = 10.0 * np.log10(np.maximum(power, 1e-20))
    x = np.clip((level - level.max()) / DB_RANGE + 1.0, 0.0, 1.0)
    stops = [stop for stop, _ in MAGMA]
    rgb = [np.interp(x, stops, [colour[i] for _, colour in MAGMA]) for i in range(3)]
    return np.stack(rgb, axis=-1).astype(np.uint8)


def column_levels(audio: Signal) -> Signal:
    """Short-term RMS in dBFS per pixel column, both channels together."""
    chunks = np.array_split(np.mean(np.square(audio), axis=1), COLUMNS)
    return np.array([db(float(np.sqrt(np.mean(chunk)))) for chunk in chunks])


def envelope(audio: Signal, rate: int) -> Signal:
    """RMS per ENVELOPE_STEP, both channels together."""
    step = round(ENVELOPE_STEP * rate)
    power = np.mean(np.square(audio[: len(audio) // step * step]), axis=1)
    return np.sqrt(power.reshape(-1, step).mean(axis=1))


def swell_period(audio: Signal, rate: int) -> float | None:
    """The lag in s (4-20) at which the level envelope repeats, around the loop; None when even
    the best lag correlates under SWELL_CORRELATION, as for a steady sound."""
    env = envelope(audio, rate)
    env = env - env.mean()
    correlation = np.fft.irfft(np.abs(np.fft.rfft(env)) ** 2, len(env))
    lags = np.arange(round(4.0 / ENVELOPE_STEP), round(20.0 / ENVELOPE_STEP))
    best = lags[np.argmax(correlation[lags])]
    return best * ENVELOPE_STEP if correlation[best] >= SWELL_CORRELATION * correlation[0] else None


def decay_time(audio: Signal, rate: int) -> float:
    """Seconds from a chime's loudest moment until it is 40 dB quieter."""
    env = envelope(audio, rate)
    top = int(np.argmax(env))
    below = np.nonzero(env[top:] < env[top] * 10.0 ** (-40.0 / 20.0))[0]
    return float((below[0] if len(below) else len(env) - top) * ENVELOPE_STEP)


def measure(audio: Signal, rate: int, loop: bool, columns: Signal) -> Figures:
    spectrum = columns.mean(axis=0)
    freqs = np.fft.rfftfreq(WINDOW, 1.0 / rate)
    quarter = round(0.25 * rate)
    jumps = np.abs(np.diff(audio, axis=0))
    rms_before = np.sqrt(np.mean(np.square(audio[-quarter:])))
    rms_after = np.sqrt(np.mean(np.square(audio[:quarter])))
    return Figures(
        seconds=len(audio) / rate,
        rms_db=db(float(np.sqrt(np.mean(np.square(audio))))),
        peak_db=db(float(np.max(np.abs(audio)))),
        dc=float(np.max(np.abs(audio.mean(axis=0)))),
        centroid_hz=float(np.sum(freqs * spectrum) / np.sum(spectrum)),
        seam_jump=float(np.max(np.abs(audio[0] - audio[-1]))) if loop else None,
        typical_jump=float(np.percentile(jumps, 99)) if loop else None,
        seam_step_db=db(float(rms_after)) - db(float(rms_before)) if loop else None,
        period_s=swell_period(audio, rate) if loop else None,
        decay_s=None if loop else decay_time(audio, rate),
    )


def caption(sound_id: str, f: Figures) -> str:
    parts = [
        sound_id,
        f"{f.seconds:.1f} s",
        f"RMS {f.rms_db:.1f} dBFS",
        f"peak {f.peak_db:.1f} dBFS",
        f"centroid {f.centroid_hz:.0f} Hz",
    ]
    if f.period_s is not None:
        parts.append(f"swells every {f.period_s:.1f} s")
    if f.decay_s is not None:
        parts.append(f"-40 dB after {f.decay_s:.1f} s")
    return "  ·  ".join(parts)


def table_row(sound_id: str, f: Figures) -> str:
    seam = (
        f"{f.seam_jump:.4f} vs {f.typical_jump:.4f}, {f.seam_step_db:+.2f} dB"
        if f.seam_jump is not None and f.typical_jump is not None and f.seam_step_db is not None
        else "not a loop"
    )
    if f.decay_s is not None:
        extra = f"-40 dB after {f.decay_s:.1f} s"
    else:
        extra = f"swells every {f.period_s:.1f} s" if f.period_s is not None else "steady"
    return (
        f"| {sound_id} | {f.seconds:.1f} | {f.rms_db:.1f} | {f.peak_db:.1f} | "
        f"{f.centroid_hz:.0f} | {seam} | {extra} |"
    )


def time_step(seconds: float) -> float:
    return next(step for step in (0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 60.0) if seconds / step <= 15)


def draw(path: Path, pixels: NDArray[np.uint8], levels: Signal, seconds: float, title: str) -> None:
    """Lay out the spectrogram, the level strip, the axes and the caption; save as PNG."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPolygonF

    width, height = LEFT + COLUMNS + RIGHT, TOP + ROWS + GAP + LEVEL_ROWS + BOTTOM
    canvas = QImage(width, height, QImage.Format.Format_RGB32)
    canvas.fill(QColor(18, 18, 24))
    rgba = np.dstack(
        [pixels[..., 2], pixels[..., 1], pixels[..., 0], np.full(pixels.shape[:2], 255)]
    )
    data = np.ascontiguousarray(rgba, dtype=np.uint8)
    image = QImage(data.data, COLUMNS, ROWS, COLUMNS * 4, QImage.Format.Format_RGB32)
    painter = QPainter(canvas)
    painter.drawImage(LEFT, TOP, image)
    painter.setPen(QColor(200, 200, 210))
    painter.drawText(QRectF(LEFT, 0, COLUMNS, TOP), Qt.AlignmentFlag.AlignVCenter, title)
    for hz in (50, 100, 200, 500, 1000, 2000, 5000, 10000):
        y = TOP + ROWS * (1.0 - np.log(hz / LOW_HZ) / np.log(HIGH_HZ / LOW_HZ))
        painter.drawLine(QPointF(LEFT - 5, y), QPointF(LEFT, y))
        label = f"{hz // 1000}k" if hz >= 1000 else str(hz)
        painter.drawText(QRectF(0, y - 8, LEFT - 8, 16), Qt.AlignmentFlag.AlignRight, label)
    strip_top = TOP + ROWS + GAP
    for level in (0, -20, -40, -60):
        y = strip_top + LEVEL_ROWS * level / LEVEL_FLOOR_DB
        painter.drawText(QRectF(0, y - 8, LEFT - 8, 16), Qt.AlignmentFlag.AlignRight, f"{level}")
        painter.fillRect(QRectF(LEFT, y, COLUMNS, 1), QColor(60, 60, 72))
    heights = np.clip(levels / LEVEL_FLOOR_DB, 0.0, 1.0) * LEVEL_ROWS
    outline = [QPointF(LEFT + i, strip_top + h) for i, h in enumerate(heights)]
    painter.setPen(QColor(251, 136, 97))
    painter.drawPolyline(QPolygonF(outline))
    step = time_step(seconds)
    painter.setPen(QColor(200, 200, 210))
    for tick in np.arange(0.0, seconds + 1e-9, step):
        x = LEFT + COLUMNS * tick / seconds
        painter.drawLine(QPointF(x, height - BOTTOM), QPointF(x, height - BOTTOM + 5))
        painter.drawText(
            QRectF(x - 30, height - BOTTOM + 6, 60, 16),
            Qt.AlignmentFlag.AlignHCenter,
            f"{tick:g} s",
        )
    painter.end()
    if not canvas.save(str(path)):
        raise OSError(f"could not write {path}")


def main(argv: list[str]) -> int:
    audio_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "assets" / "audio"
    out_dir = Path(argv[2]) if len(argv) > 2 else ROOT / "docs" / "spectrograms"
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([])  # QPainter needs one for its fonts
    catalog = json.loads((audio_dir / "catalog.json").read_text(encoding="utf-8"))
    print(
        "| id | seconds | RMS dBFS | peak dBFS | centroid Hz | seam jump vs typical, "
        "level step | swell or decay |"
    )
    print("|---|---|---|---|---|---|---|")
    for entry in catalog["sounds"]:
        audio, rate = sf.read(audio_dir / entry["file"], always_2d=True)
        columns = power_columns(audio.mean(axis=1))
        figures = measure(audio, rate, entry["loop"], columns)
        pixels = colourise(log_rows(columns, rate))
        draw(
            out_dir / f"{entry['id']}.png",
            pixels,
            column_levels(audio),
            figures.seconds,
            caption(entry["id"], figures),
        )
        print(table_row(entry["id"], figures))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
