"""Stage 1: quote spans between « », “ ” and straight marks, outermost only, trimmed as GUIDELINES.md says."""

from __future__ import annotations

from analysis.quotes.rules import CLOSERS, STRAIGHT, TRIM, Quote


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(opening mark, closing mark) offsets of every outermost pair of quote marks.

    A closing mark with no opener is ignored; an opener never closed inside a pair is content.
    """
    symmetric = symmetric_marks(text)
    closers = {o: c for o, c in CLOSERS.items() if o not in symmetric and c not in symmetric}
    stack: list[tuple[str, int]] = []
    pairs = []
    for i, ch in enumerate(text):
        if ch in closers:
            stack.append((ch, i))
        elif ch in closers.values() or (ch in symmetric and any(m == ch for m, _ in stack)):
            opener = ch if ch in symmetric else next(o for o, c in closers.items() if c == ch)
            depth = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == opener), None)
            if depth is not None:
                pairs.append((stack[depth][1], i))
                del stack[depth:]
        elif ch in symmetric and not closes_a_word(text, i):
            stack.append((ch, i))  # a mark glued to the end of a word with nothing open closes a lost quote
    pairs.sort()
    outermost = []
    for a, b in pairs:
        if not outermost or a > outermost[-1][1]:
            outermost.append((a, b))
    return outermost


def symmetric_marks(text: str) -> set[str]:
    """Marks that both open and close a quote: straight ones, and a curly mark a page uses on both
    sides because its other half never occurs ('“mis au rebut“', a typing habit of some outlets)."""
    marks = {STRAIGHT}
    for opener, closer in (("“", "”"),):
        if opener in text and closer not in text:
            marks.add(opener)
        elif closer in text and opener not in text:
            marks.add(closer)
    return marks


def closes_a_word(text: str, i: int) -> bool:
    """A mark right after a word and before a space or a punctuation mark: a closing mark
    ('opérationnel", a déclaré X', whose opening mark the page lost)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isalnum() or before in ".!?…") and (after.isspace() or after in ",.;:!?)")


def trimmed(text: str, open_mark: int, close_mark: int) -> tuple[int, int]:
    start, end = open_mark + 1, close_mark
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def stands_alone(text: str, quote: Quote) -> bool:
    """A quote that is a whole line (a pull quote or a quoted paragraph)."""
    line_start = text.rfind("\n", 0, quote.open_mark) + 1
    line_end = text.find("\n", quote.close_mark)
    line_end = len(text) if line_end == -1 else line_end
    return not text[line_start:quote.open_mark].strip() and not text[quote.close_mark + 1:line_end].strip()


def opens_sentence(text: str, quote: Quote) -> bool:
    """Nothing but a sentence end, a colon, a dateline dash or the start of the text before the
    opening mark: a capital there says nothing about the quote being a name."""
    before = text[:quote.open_mark].rstrip()
    return not before or before[-1] in ".!?…:-–—\n"


def raw_quotes(text: str) -> list[Quote]:
    quotes = []
    for open_mark, close_mark in find_quote_spans(text):
        start, end = trimmed(text, open_mark, close_mark)
        if end > start:
            quotes.append(Quote(start, end, text[start:end], open_mark=open_mark, close_mark=close_mark))
    return quotes
