"""The detector factory: which detectors run beside the rules, for a configuration."""

from __future__ import annotations

import sys

from .config import Config
from .pipeline import Detector


def detectors_for(config: Config) -> list[Detector]:
    """The detectors beside the rules that this configuration asks for."""
    out: list[Detector] = []
    if config.model:
        from .model import shipped_detector

        det = shipped_detector()
        lm = lm_detector() if config.lm else None
        if lm is not None and det is not None:
            # the LM weighs the tagger's flags against its own evidence (fixcopy/lm/corroborate.py)
            out.append(lm.with_tagger(det))
        else:
            out += [d for d in (det, lm) if d is not None]
    if config.languagetool:
        from .languagetool.client import LanguageToolDetector

        out.append(LanguageToolDetector(config.languagetool))
    return out


LM_HINT_SHOWN = False


def lm_detector():
    """The language-model detector, or None (and a one-line hint, once a process) when the language
    model is not installed. Checks never download anything."""
    global LM_HINT_SHOWN
    from .lm import INSTALL_HINT, available

    if not available():
        if not LM_HINT_SHOWN:
            LM_HINT_SHOWN = True
            sys.stderr.write(f"fixcopy: note: {INSTALL_HINT}\n")
        return None
    from .lm.detector import shipped_lm_detector

    return shipped_lm_detector()
