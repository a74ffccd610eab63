"""Which grading layers the bot runs with, decided once at start and said in one log line.

The word rules (spelling, synonyms, negation, roles and misconceptions) are always on. The semantic
layer is optional and off by default: `RECALL_SEMANTIC=on` with `RECALL_SEMANTIC_MODEL=/path` (a
directory tools/build_semantic_model.py wrote) and the `semantic` extra installed.

If the layer is asked for but can't run (extra not installed, no model, a broken model), the bot
refuses to start with one line saying what to do, rather than start with the word rules only: an
operator who turned it on expects paraphrases to earn credit, and a degraded start that only a log
line mentions would grade members differently from what was configured, unnoticed. Loading at start
also keeps the first answer from paying for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from bot.core.grading_semantic import ClauseJudge
from bot.core.messages import N_
from bot.settings import Settings, SettingsError

log = logging.getLogger("recall")
WORD_LAYERS = "words (spelling, synonyms, symbols), negation, roles and misconceptions"  # i18n: not shown (logged)


def start_grading_layers(settings: Settings, load: Callable[[Path], ClauseJudge] | None = None) -> str:
    """Set up the grading thread's layers from the settings; the line to log. SettingsError if the
    semantic layer is on but can't run. `load` is the model loader (tests pass their own)."""
    global _to_announce
    from bot.services.grading_worker import use_clause_judge

    if not settings.semantic:
        use_clause_judge(None)
        _to_announce = f"grading layers: {WORD_LAYERS}; semantic off (RECALL_SEMANTIC=on turns it on)"  # i18n: not shown (logged)
        return _to_announce
    if settings.semantic_model is None:
        raise SettingsError(N_(
            "RECALL_SEMANTIC=on needs RECALL_SEMANTIC_MODEL, the model directory tools/build_semantic_model.py "
            "writes (or set RECALL_SEMANTIC=off)"
        ))
    judge = _load(settings.semantic_model, load)
    use_clause_judge(judge)
    _to_announce = (f"grading layers: {WORD_LAYERS}; semantic on ({judge.name} from {settings.semantic_model}, "  # i18n: not shown (logged)
                    f"threshold {judge.threshold:g})")
    return _to_announce


_to_announce: str | None = None


def announce() -> None:
    """Log the layers line once, when the bot has logged in: a start that fails before (a rejected
    token, a locked or damaged database) stays one line on stderr."""
    global _to_announce
    if _to_announce is not None:
        log.info("%s", _to_announce)
        _to_announce = None


def _load(directory: Path, load: Callable[[Path], ClauseJudge] | None) -> ClauseJudge:
    try:
        from bot.semantic.onnx_judge import SemanticUnavailable, load_judge
    except ImportError as error:  # bot.semantic itself imports nothing optional at module level
        raise SettingsError(N_("RECALL_SEMANTIC=on but the semantic layer can't be imported: {error}"),
                            error=str(error)) from None
    try:
        return (load or load_judge)(directory)
    except SemanticUnavailable as error:
        raise SettingsError(error.template, **error.params) from None

