"""Answer-sentence accuracy of "Ask about this" on a question set written over fixture articles.

The set (``benchmarks/qa/questions.jsonl``) holds questions written for this benchmark about
BASIL articles in ../shared/fixtures/stories/basil_triplets.jsonl. Each answerable question
marks the sentence(s) that answer it by character offset into the article's ``text`` (the
start of the sentence); an unanswerable one has ``answers: []`` (the article does not say).
No article text is copied into the set. Every question is asked of its own article only.

A third of the questions is held back from tuning: those whose SHA-1 of the question text is
0 mod 3 (a fixed split). Reported per part:

  answered_correctly  answerable questions whose answer's FIRST sentence is a marked one
  wrong_nothing       answerable questions that got "nothing answers that" (share of them)
  wrong_sentence      answerable questions answered, but led by an unmarked sentence
  declined            unanswerable questions correctly declined (share of them)
  ranked_first        answerable questions whose best-ranked sentence is a marked one, whether
                      or not it was supported: the ranking alone, apart from declining

Usage:
  python benchmarks/qa_eval.py                # table for tune and held-back parts
  python benchmarks/qa_eval.py --split tune   # one part only (tune or held)
  python benchmarks/qa_eval.py --misses       # also list the tune part's misses (never held-back)
  python benchmarks/qa_eval.py --json out.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SHARED_DIR", REPO.parent / "shared")) / "fixtures"
QUESTIONS = REPO / "benchmarks" / "qa" / "questions.jsonl"


def held_back(question: str) -> bool:
    """The fixed split: a question is held back when SHA-1 of its text is 0 mod 3."""
    return int(hashlib.sha1(question.encode("utf-8")).hexdigest(), 16) % 3 == 0


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of each ``split_sentences(text)`` sentence, in order."""
    from broadsheet.summarize import split_sentences

    spans, cursor = [], 0
    for sentence in split_sentences(text):
        pattern = r"\s+".join(re.escape(part) for part in sentence.split())
        match = re.compile(pattern).search(text, cursor)
        if match is None:
            raise ValueError(f"sentence not found in its text: {sentence[:60]!r}")
        spans.append((match.start(), match.end()))
        cursor = match.end()
    return spans


def load_articles(path: Path) -> dict[str, dict[str, Any]]:
    """Fixture articles by id."""
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return {row["id"]: row for row in rows}


def load_questions() -> list[dict[str, Any]]:
    """The question set, one dict per line."""
    with QUESTIONS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def judge(question: dict[str, Any], article: dict[str, Any]) -> tuple[str, str]:
    """Ask the question of its article: (outcome, first answer sentence or '')."""
    from broadsheet.summarize import Document, answer_question

    doc = Document(0, article["text"], article.get("title") or "", article.get("source") or "")
    answer = answer_question(question["question"], [doc])
    marked = question["answers"]
    if not answer.supported or not answer.sentences:
        return ("wrong_nothing" if marked else "declined"), ""
    first = answer.sentences[0].citations[0]
    if not marked:
        return "answered_unanswerable", first.text
    start, end = sentence_spans(article["text"])[first.sentence_index]
    return ("correct" if any(start <= o < end for o in marked) else "wrong_sentence"), first.text


def ranked_first(question: dict[str, Any], article: dict[str, Any]) -> bool:
    """Whether the sentence ranked first for ``question`` (supported or not) is a marked one."""
    from broadsheet.summarize import Document, units_of
    from broadsheet.summarize._ask import rank

    doc = Document(0, article["text"], article.get("title") or "", article.get("source") or "")
    ranked = [r for r in rank(question["question"], units_of([doc]), {0: doc.title}) if r[1] > 0]
    if not ranked:
        return False
    start, end = sentence_spans(article["text"])[ranked[0][0].sentence_index]
    return any(start <= o < end for o in question["answers"])


def evaluate() -> tuple[dict[str, dict[str, Any]], list[tuple[str, dict[str, Any], str, str]]]:
    """Scores per part ("tune", "held_back") and every (part, question, outcome, sentence)."""
    corpora: dict[str, dict[str, dict[str, Any]]] = {}
    rows = []
    first: set[str] = set()
    for q in load_questions():
        source = SHARED / q["corpus"]
        if q["corpus"] not in corpora:
            corpora[q["corpus"]] = load_articles(source)
        article = corpora[q["corpus"]][q["article"]]
        outcome, sentence = judge(q, article)
        if q["answers"] and ranked_first(q, article):
            first.add(q["id"])
        rows.append(("held_back" if held_back(q["question"]) else "tune", q, outcome, sentence))
    scores = {}
    for part in ("tune", "held_back"):
        mine = [r for r in rows if r[0] == part]
        answerable = [r for r in mine if r[1]["answers"]]
        unanswerable = [r for r in mine if not r[1]["answers"]]

        def share(group: list[Any], outcome: str) -> float:
            return round(sum(r[2] == outcome for r in group) / len(group), 3) if group else 0.0

        scores[part] = {
            "answerable": len(answerable),
            "unanswerable": len(unanswerable),
            "answered_correctly": share(answerable, "correct"),
            "wrong_nothing": share(answerable, "wrong_nothing"),
            "wrong_sentence": share(answerable, "wrong_sentence"),
            "declined": share(unanswerable, "declined"),
            "ranked_first": round(sum(r[1]["id"] in first for r in answerable) / len(answerable), 3)
            if answerable
            else 0.0,
        }
    return scores, rows


def main(argv: list[str] | None = None) -> int:
    """Print the scores of the tune and held-back parts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--split", choices=("tune", "held", "both"), default="both")
    parser.add_argument("--misses", action="store_true", help="list the tune part's misses")
    args = parser.parse_args(argv)
    parts = {"tune": ("tune",), "held": ("held_back",), "both": ("tune", "held_back")}[args.split]
    if not SHARED.exists():
        print(f"missing {SHARED}", file=sys.stderr)
        return 2
    scores, rows = evaluate()
    scores = {part: scores[part] for part in parts}
    for part, s in scores.items():
        print(
            f"{part:9} answerable={s['answerable']} unanswerable={s['unanswerable']}  "
            f"answered_correctly={s['answered_correctly']:.3f}  "
            f"wrong_nothing={s['wrong_nothing']:.3f}  wrong_sentence={s['wrong_sentence']:.3f}  "
            f"declined={s['declined']:.3f}  ranked_first={s['ranked_first']:.3f}"
        )
    if args.misses:
        for part, q, outcome, sentence in rows:
            if part == "tune" and outcome not in ("correct", "declined"):
                print(f"- {outcome}: {q['question']}\n    got: {sentence[:150]}")
    if args.json:
        args.json.write_text(json.dumps(scores, indent=2))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    raise SystemExit(main())
