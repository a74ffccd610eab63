"""The blind labelled set loads whole and is scored the way its README says (by subject halves)."""

from __future__ import annotations

import yaml

from benchmarks.grading import blind


def test_every_blind_answer_is_scored_once_with_one_label_per_concept() -> None:
    cards, _dropped = blind.load_cards()
    assert {deck for deck, _card in cards} == set(blind.TUNE_DECKS + blind.TUNE2_DECKS + blind.REPORT_DECKS)
    tune, report = blind.evaluate("tune"), blind.evaluate("report")
    everything = blind.evaluate("all")
    assert tune.answers == report.answers == 100 and everything.answers == 200
    files = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in (blind.BLIND_DIR / "answers").glob("*.yaml")]
    labelled_ones = sum(  # the first 200 answers: tune2 is reported on its own (benchmarks/grading/languages.py)
        str(row["labels"]).count("1")
        for data in files if data["deck"] not in blind.TUNE2_DECKS
        for row in data["answers"]
    )
    assert everything.tp + everything.fn == labelled_ones  # every concept labelled 1 was judged once
    assert (everything.tp, everything.fp) == (tune.tp + report.tp, tune.fp + report.fp)


def test_the_score_counts_a_wrong_credit_on_a_must_not_credit_answer(tmp_path) -> None:
    decks, answers = tmp_path / "decks", tmp_path / "answers"
    decks.mkdir()
    answers.mkdir()
    (decks / "d.yaml").write_text(
        "id: blind-tcp-udp\ntitle: T\ncards:\n  - id: c\n    kind: open\n    level: beginner\n    prompt: Explain.\n"
        "    concepts:\n      - name: Reliable\n        keywords: [reliable]\n", encoding="utf-8")
    (answers / "c.yaml").write_text(
        "card: c\ndeck: blind-tcp-udp\nanswers:\n"
        "- {id: b1, labels: '0', kinds: [reversed], text: 'TCP is reliable.'}\n"
        "- {id: b2, labels: '1', kinds: [paraphrase], text: 'nothing about it'}\n", encoding="utf-8")
    result = blind.evaluate("tune", tmp_path)  # an answer any grader credits, labelled 0 to test the count
    assert (result.fp, result.wrongly_credited) == (1, 1)
    assert (result.fn, result.paraphrase_recall) == (1, 0.0)
