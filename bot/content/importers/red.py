"""Red-DiscordBot trivia lists: a YAML mapping of question -> accepted answers.

Every scalar is read as text (a strings-only YAML reading), since plain YAML turns the answer
`yes` into a boolean and `1999` into a number. Each question becomes an open card with one concept
whose keywords are the accepted answers; a web address in the question becomes the card's image.
"""

from __future__ import annotations

import re

from bot.content.importers.cards import (
    LONG_TEXT_MAX,
    NAME_MAX,
    CardDraft,
    Fitter,
    ImportFailure,
    ParsedSource,
)
from bot.content.importers.text import clean_text, shorten
from bot.content.yamlread import read_yaml_bytes
from bot.core.limits import MAX_CARD_KEYWORD_CHARS, MAX_KEYWORD_CHARS, MAX_KEYWORDS_PER_CONCEPT
from bot.core.messages import N_, Marked

RESERVED_KEYS = ("AUTHOR", "CONFIG", "DESCRIPTION")
IMAGE_PROMPT = "What is shown in this picture?"  # i18n: not shown (deck content: written into the deck file)
_URL = re.compile(r"https?://\S+")
_SHORT_ANSWER = re.compile(r"^(.+?)\s*(?:\s-\s|-\s|,|\(|/|;|:)")


def is_red_trivia(data: object) -> bool:
    if not isinstance(data, dict) or not data:
        return False
    questions = {key: value for key, value in data.items() if key not in RESERVED_KEYS}
    return bool(questions) and all(isinstance(value, list | str) for value in questions.values())


def parse_red(raw: bytes, source_name: str) -> ParsedSource:
    document = read_yaml_bytes(raw, strings_only=True, allow_tabs=True)
    # Red keeps one of two equal questions too; anything else unreadable stops the import.
    fatal = [issue for issue in document.issues if issue.code != "duplicate-key"]
    if fatal:
        raise ImportFailure([Marked("{where}: {message}", where=_where(source_name, issue.line), message=issue.message)
                             for issue in fatal])
    data = document.data
    if not isinstance(data, dict):
        raise ImportFailure([Marked(N_("{where}: a trivia list is a mapping of questions to lists of answers"),
                                    where=source_name)])
    source = ParsedSource()
    source.notes.extend(
        Marked(N_("{where}: {problem}; kept the first"), where=_where(source_name, issue.line), problem=issue.message)
        for issue in document.issues
    )
    fit = Fitter(source_name, source.notes)
    description = data.get("DESCRIPTION")
    if isinstance(description, str) and description.strip():
        source.description = clean_text(description)
    author = data.get("AUTHOR")
    if isinstance(author, str) and author.strip():
        source.about.append(f"Red-DiscordBot trivia list by {clean_text(author)}")  # i18n: not shown (a comment in the deck file)
    problems: list[str] = []
    for question, answers in data.items():
        if question in RESERVED_KEYS:
            continue
        line = document.lines.get((question,))
        accepted = [answers] if isinstance(answers, str) else answers
        if not isinstance(accepted, list) or not all(isinstance(answer, str) for answer in accepted):
            problems.append(Marked(N_("{where}: the answers must be a list of texts"), where=_where(source_name, line)))
            continue
        texts = [clean_text(answer) for answer in accepted if clean_text(answer)]
        if not texts:
            source.notes.append(Marked(N_("{where}: skipped a question without answers"), where=_where(source_name, line)))
            continue
        source.drafts.append(_open_card(question, texts, line, fit))
    if problems:
        raise ImportFailure(problems)
    return source


def _open_card(question: str, answers: list[str], line: int | None, fit: Fitter) -> CardDraft:
    image_match = _URL.search(question)
    image = image_match.group(0).rstrip(").,") if image_match else None
    prompt = clean_text(_URL.sub(" ", question)) if image else clean_text(question)
    prompt = re.sub(r"\s+([?!.:])$", r"\1", prompt) or IMAGE_PROMPT
    keywords = _within_limits(list(dict.fromkeys(_keyword(answer) for answer in answers)))
    body = {
        "prompt": fit(prompt, LONG_TEXT_MAX, line, "question"),
        "concepts": [{"name": shorten(keywords[0], NAME_MAX), "keywords": keywords}],
    }
    long_answers = [answer for answer in answers if len(answer) > MAX_KEYWORD_CHARS]
    if long_answers:  # the keyword is the answer's head; keep the whole answer to show after grading
        body["model_answer"] = fit(long_answers[0], LONG_TEXT_MAX, line, "answer")
    return CardDraft(
        "open", prompt if not image else f"{prompt} {image.rsplit('/', 1)[-1]}", body, line=line, image=image
    )


def _keyword(answer: str) -> str:
    """An answer as a keyword: long explanations are cut to their head ("2003 - Kyle ..." -> "2003")."""
    if len(answer) <= MAX_KEYWORD_CHARS:
        return answer
    match = _SHORT_ANSWER.match(answer)
    head = match.group(1).strip() if match else ""
    return head if 0 < len(head) <= MAX_KEYWORD_CHARS else shorten(answer, MAX_KEYWORD_CHARS)


def _within_limits(keywords: list[str]) -> list[str]:
    """The first accepted answers, as many as a concept may hold (bot.core.limits)."""
    kept: list[str] = []
    budget = MAX_CARD_KEYWORD_CHARS
    for keyword in keywords[:MAX_KEYWORDS_PER_CONCEPT]:
        if len(keyword) > budget:
            break
        kept.append(keyword)
        budget -= len(keyword)
    return kept


def _where(source_name: str, line: int | None) -> str:
    return f"{source_name}:{line}" if line else source_name
