"""What Lull keeps of a sound file as it is, and what it converts: plain facts about formats,
apart from the decoding (app/audio/probe.py), so that reading the library needs no decoder."""

from __future__ import annotations

MAX_SECONDS = 100 * 3600  # longer than any file anyone plays beside a massage table

# What pygame's mixer (pygame 2.6.1, SDL_mixer 2.8) plays from the file as it is, both whole
# (mixer.Sound) and streamed (mixer.music), at the right level: measured through SDL's disk
# driver (tests/unit/audio/test_import_formats.py). The value is the suffix the stored copy
# needs, because mixer.music picks its decoder by the name: Opus in a .ogg fails there, and a
# WAV named .mp3 too. Anything else is converted (64-bit float WAV, 24-bit AIFF and RF64 fail
# as a Sound; ADPCM WAV fails streamed; u-law, A-law, MP2 and 8-bit FLAC are converted rather
# than trusted to every SDL_mixer build).
PLAYS_AS_IS = {
    **{
        (container, subtype): ".wav"
        for container in ("WAV", "WAVEX")
        for subtype in ("PCM_U8", "PCM_16", "PCM_24", "PCM_32", "FLOAT")
    },
    ("FLAC", "PCM_16"): ".flac",
    ("FLAC", "PCM_24"): ".flac",
    ("OGG", "VORBIS"): ".ogg",
    ("OGG", "OPUS"): ".opus",
    ("MP3", "MPEG_LAYER_III"): ".mp3",
    ("AIFF", "PCM_16"): ".aiff",
}
CONVERTED_SUFFIX = ".flac"  # lossless, and pygame plays it both ways (app/audio/convert.py)

# The file dialog's filter: every suffix sound this decodes is commonly saved under.
AUDIO_SUFFIXES = (
    ".ogg",
    ".oga",
    ".opus",
    ".mp3",
    ".wav",
    ".flac",
    ".aif",
    ".aiff",
    ".aifc",
    ".bwf",
    ".rf64",
    ".w64",
    ".caf",
    ".au",
    ".snd",
)
