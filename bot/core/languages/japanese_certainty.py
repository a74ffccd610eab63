"""Japanese sentences whose negation is no denial of what they say, or that deny without a negation.

Rewrites of an answer's canonical words (bot/core/languages/japanese.py calls them on every tokenising,
before the negations are read), decided from the pieces as written:
- "Xに違いない", "Xのは間違いない", "間違いなく" (there is no doubt: X is so) and "Xは間違いではない" (it is
  no mistake) affirm: their negation is read as an ending;
- a claim called wrong, "Xのは間違いだ", "Xというのは誤りだ", "Xと考えるのは誤解だ", "Xというのは正しく
  ない", "Xのは違う", states nothing: its words, back to its sentence's start, are read as endings (as a
  claim reported then rejected is: bot/core/languages/japanese_clauses.py);
- "XでもYでもない" (neither X nor Y): the first でも lists X with Y ("too"), so that the negation reaches
  both, not "X, but not Y";
- a verb of stopping, forbidding, losing or forgetting denied ("貿易をやめなかった", "電流が止まらない", "禁止されな
  かった") says that what it would stop goes on: the negation denies the verb, not its object or subject
  (the particle before the verb bounds its reach, as a condition does);
- "Xを除いて", "Xを除き", "Xを除く" (except X) leave X out of what is said of the others, as "X以外" does.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.languages.alphabetic import CLAUSE_STOPS
from bot.core.text_normalize import MARKS, SENTENCE_MARKS

NEGATION = "not"
ENDING = "the"
_TOO = "too"
_TOPIC = "は"
_WRONG_FIRST = frozenset(("間", "誤", "嘘", "違", "正"))  # 間違い, 誤り/誤解, 嘘, 違う, 正しくない
_NEGATION_REACH = 3  # pieces from a "wrong" word to its negation ("正|しく|ない")
_TAKEN_BACK = frozenset(("い", "いでは", "いじゃ", "りでは", "りじゃ", "では", "じゃ"))  # 違い|ない, 誤り|では|ない
_BOUND = "if"  # (a condition: a bound of a negation's reach, bot/core/languages/japanese_negation.py)
EXCEPT = "other"  # (X以外: japanese_negation.EXCEPT)
# Verbs of stopping, forbidding or losing, by their last kanji (中止, 停止, 禁止 end in 止) or kana stem
_STOPPING = frozenset(("止", "禁", "絶", "消", "終", "失", "忘", "拒", "やめ", "とめ", "とま"))
_VERB_ARGUMENTS = frozenset(("a", "its", "is", "an"))  # が, を, は, a particle kept apart before a negation
_STOP_REACH = 4  # pieces from the negation back to the particle before the verb ("を|禁|止|され|なかった")
_EXCEPTING = ("いて", "き", "く", "けば")  # 除いて, 除き, 除く, 除けば
_LISTING = "でも"
_LISTING_REACH = 6  # pieces from one でも to the next


def read_certainty(words: list[str], pieces: Sequence[str]) -> None:
    """The readings of the module's docstring, in place."""
    if _LISTING in pieces:
        _read_neither(words, pieces)
    if not _STOPPING.isdisjoint(pieces):
        _bound_stopping(words, pieces)
    if "除" in pieces:
        for index, piece in enumerate(pieces[1:-1], 1):
            if piece == "除" and pieces[index - 1] == "を" and pieces[index + 1].startswith(_EXCEPTING):
                words[index] = EXCEPT
    if _WRONG_FIRST.isdisjoint(pieces):
        return
    for index, piece in enumerate(pieces):
        if piece in _WRONG_FIRST:
            _read_wrong(words, pieces, index)


def _read_wrong(words: list[str], pieces: Sequence[str], index: int) -> None:
    """A "wrong" word at `index`: taken back by a negation after it (affirms), or said of a claim."""
    piece = pieces[index]
    after = "".join(pieces[index + 1 : index + 3])
    if piece == "間":
        if not after.startswith("違") or "".join(pieces[index + 2 : index + 3]).startswith("え"):
            return  # (間違える: to make a mistake)
        index += 1  # (違 of 間違い)
        after = "".join(pieces[index + 1 : index + 3])
    elif (piece == "違" and not after.startswith(("う", "い"))) or (piece == "正" and not after.startswith("しく")) \
            or (piece == "誤" and not after.startswith(("り", "解"))):
        return  # (違 of 違う, 違いない; 正 of 正しくない; 誤 of 誤り, 誤解, not 誤差)
    negation = next((position for position in range(index + 1, min(len(words), index + 1 + _NEGATION_REACH))
                     if words[position] == NEGATION), -1)
    if negation == index + 2 and pieces[index + 1] in _TAKEN_BACK and piece != "正":
        words[negation] = ENDING  # "違いない", "間違いではない": no doubt, it is so
        return
    if piece == "違" and not after.startswith("う"):
        return  # (違わない "does not differ", 違いはない "no difference": denials; 違い "a difference")
    if piece == "正" and negation < 0:
        return  # (正しい: right)
    start = index - 1 if piece != "間" else index - 2
    if start < 1 or pieces[start] != _TOPIC or not pieces[start - 1].endswith("の"):
        return  # (only "…のは" names a claim: "この説は誤りだ" says which one it is elsewhere)
    if negation >= 0:
        words[negation] = ENDING  # (used up: "正しくない" says the claim is wrong)
    position = start - 1
    while position >= 0 and words[position] not in SENTENCE_MARKS:
        if words[position] not in MARKS:
            words[position] = ENDING
        position -= 1


def _read_neither(words: list[str], pieces: Sequence[str]) -> None:
    """"XでもYでもない": the first でも is "too" when another でも right before a negation follows it in
    its clause."""
    for index, piece in enumerate(pieces):
        if piece != _LISTING:
            continue
        for position in range(index + 1, min(len(pieces) - 1, index + 1 + _LISTING_REACH)):
            if words[position] in MARKS or (words[position] in CLAUSE_STOPS and pieces[position] != _LISTING):
                break
            if pieces[position] == _LISTING:
                if words[position + 1] == NEGATION:
                    words[index] = _TOO
                break


def _bound_stopping(words: list[str], pieces: Sequence[str]) -> None:
    """A negation right after a verb of stopping (its kanji, then kana endings) denies only the verb: the
    particle before the verb becomes a bound."""
    for index, piece in enumerate(pieces):
        if piece not in _STOPPING:
            continue
        after = index + 1
        while after < len(words) and after <= index + 2 and words[after] != NEGATION and _is_kana(pieces[after]):
            after += 1
        if after >= len(words) or words[after] != NEGATION:
            continue
        position = index - 1
        while position >= 0 and index - position < _STOP_REACH and len(pieces[position]) == 1 \
                and "\u3400" <= pieces[position] <= "\u9fff":
            position -= 1  # (the verb's other kanji: 中止, 禁止)
        if position >= 0 and words[position] in _VERB_ARGUMENTS:
            words[position] = _BOUND


def _is_kana(piece: str) -> bool:
    return "\u3041" <= piece[0] <= "\u3096"
