"""Chinese: the character matcher of bot/core/languages/cjk.py (every Han character a token, a keyword
found where its characters stand together), particles and conjunctions read as little words, and
negation before the predicate (不, 没, 没有, 未, 别, 无, 非, 勿, 并非): it denies the words after it to the
end of its clause (at most six tokens)."""

from __future__ import annotations

from bot.core.languages import LanguageRules
from bot.core.languages.alphabetic import negated_positions
from bot.core.languages.cjk import NEGATION, CharacterLanguage
from bot.core.text_normalize import MARKS, STOPWORDS

_FUNCTION_WORDS = {
    "的": "of", "地": "the", "得": "the", "了": "the", "着": "the", "过": "the", "是": "is", "在": "at", "有": "has",
    "和": "and", "与": "and", "跟": "with", "及": "and", "以及": "and", "并且": "and", "而且": "and",
    "或": "or", "或者": "or", "还是": "or", "但": "but", "但是": "but", "可是": "but", "然而": "but", "不过": "but",
    "却": "but", "虽然": "although", "尽管": "although", "因为": "because", "由于": "because", "所以": "so",
    "因此": "so", "于是": "so", "如果": "if", "假如": "if", "就": "then", "也": "also", "都": "all", "很": "very",
    "这": "this", "那": "that", "这个": "this", "那个": "that", "这些": "these", "那些": "those", "它": "it",
    "它们": "they", "他": "he", "她": "she", "我们": "we", "我": "i", "你": "you", "把": "the", "被": "by",
    "从": "from", "到": "to", "对": "for", "为": "for", "为了": "for", "用": "with", "比": "than", "而": "while",
    "吗": "the", "呢": "the", "吧": "the", "啊": "the", "只": "only", "仅": "only", "只是": "only", "一": "1",
    "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9", "十": "10",
    "百": "100", "千": "1000",
    **dict.fromkeys(("不", "没", "没有", "未", "别", "无", "非", "勿", "并非", "不是", "从不", "从未"), NEGATION),
}

LANGUAGE = CharacterLanguage(_FUNCTION_WORDS)
for _english in LANGUAGE._table.values():
    assert _english in STOPWORDS or _english in MARKS or _english in (NEGATION, "only") or _english.isdigit(), _english

RULES = LanguageRules(code="zh", tokenize=LANGUAGE.tokenize, negated_positions=negated_positions, copy_run=10,
                      word_scale=0.5)
