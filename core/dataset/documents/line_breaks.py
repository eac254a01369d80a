"""Line breaks inside sentences, as a PDF's text layer has them, joined back into running text.

A PDF keeps no paragraphs, only lines: the text of a printed page comes out
with a break wherever the line was full, often in the middle of a Korean word
("전원을 켜\\n고 예열이"). The rule, kept small on purpose:

1. A break is joined only inside a paragraph: a blank line, a line that ends a
   sentence (``.``, ``?``, ``!``, ``다``/``요`` followed by punctuation, a closing
   quote…), a Markdown heading, a line that starts a list item, and the line
   after a short one (a heading, or a paragraph's last line) keep their break.
2. Between two Hangul syllables the break is either a space the layout swallowed
   ("호퍼가\\n절반" → "호퍼가 절반") or the middle of a word ("켜\\n고" → "켜고").
   The text layer doesn't say which. Kiwi, a maintained Korean morphological
   analyser, splits the joined text into morphemes, and Korean spacing rules
   decide: no space when one morpheme spans the break, when what follows is a
   particle, an ending or a suffix (they attach to their word), or when two
   nouns meet (a compound, which Korean may write as one word); a space
   otherwise. (Kiwi's own spacing model also respaces the text around the
   break, "찬물" → "찬 물", so only its morphemes are used.)
3. Any other break inside a paragraph (Latin words, digits) becomes a space, as
   in English text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiwipiepy import Kiwi, Token

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A line ends its sentence (or is the end of a list item / table cell) and the break stays.
_SENTENCE_END = re.compile(r"[.!?。！？:;\"'”’)\]」』|]\s*$")
# A numbered or bulleted line starts something new: "1. 오픈 준비", "2.1 아메리카노", "- 우유", "• 컵".
# (Korean "가. 나. 다." lists are left out: "다." is also how a sentence broken before its last syllable
# goes on, "추출합니\n다."; such list items follow a short line, which keeps its break anyway.)
_STARTS_ITEM = re.compile(r"^\s*(?:[-*•·▪◦]|\d+(?:\.\d+)*[.)]?\s|[①-⑳])")
# Morpheme tags (Sejong tag set, as Kiwi uses) of what attaches to the word before it:
# particles (J…), endings (E…), suffixes (XS…), the copula (VCP), punctuation and symbols (S…).
_ATTACHED_TAGS = ("J", "E", "XS", "VCP", "SF", "SP", "SS", "SE", "SO", "SW")
# Nouns, pronouns, numerals and digits: two in a row are a compound ("200밀리리터", "원두호퍼").
_NOUN_TAGS = ("NN", "NP", "NR", "SN")
# Characters of context on each side of a join that Kiwi sees: enough for a word and its neighbours.
_CONTEXT_CHARS = 12
# A line much shorter than the paragraph's longest is the paragraph's last line (or a heading).
_SHORT_LINE_SHARE = 0.6


@lru_cache(maxsize=1)
def _kiwi() -> Kiwi:
    """One analyser per process: it holds only its model (read-only), no key or user data."""
    from kiwipiepy import Kiwi

    return Kiwi()


def _joins(previous: str, following: str, longest: int) -> bool:
    """Whether the break between these two lines is inside a sentence."""
    if not previous.strip() or not following.strip():
        return False
    if previous.lstrip().startswith("#") or following.lstrip().startswith("#"):
        return False  # a Markdown heading stands on its own line
    if _SENTENCE_END.search(previous) or _STARTS_ITEM.match(following):
        return False
    return len(previous.rstrip()) >= longest * _SHORT_LINE_SHARE


def _space_at_join(tokens: list[Token], join: int) -> bool:
    """Korean spacing at one join, from the morphemes around it (see the module's rule 2)."""
    before = [token for token in tokens if token.start < join]
    after = [token for token in tokens if token.start + token.len > join]
    if not before or not after:
        return True
    if before[-1].start + before[-1].len > join:
        return False  # one morpheme spans the break: "메|시지", "만|듭니다"
    following, previous = after[0].tag, before[-1].tag
    if following.startswith(_ATTACHED_TAGS):
        return False  # a particle, an ending or a suffix: "있|는지", "기록|합니다"
    # Nouns in a row form a compound, which Korean may write as one word: "200밀리|리터".
    return not (previous.startswith(_NOUN_TAGS) and following.startswith(_NOUN_TAGS))


def _space_at_joins(pairs: list[tuple[str, str]]) -> list[bool]:
    """For each (end of a line, start of the next), both Hangul: does a space belong between them?"""
    if not pairs:
        return []
    lefts = [left[-_CONTEXT_CHARS:] for left, _ in pairs]
    texts = [left + right[:_CONTEXT_CHARS] for left, (_, right) in zip(lefts, pairs, strict=True)]
    analysed = _kiwi().tokenize(texts)
    return [_space_at_join(list(tokens), len(left)) for left, tokens in zip(lefts, analysed, strict=True)]


def repair_line_breaks(text: str) -> str:
    """The text with breaks inside sentences joined (see the module's rule); blank lines stay."""
    lines = text.replace("\r\n", "\n").replace("\f", "\n\n").split("\n")
    longest = max((len(line.rstrip()) for line in lines), default=0)
    joins = [_joins(lines[i], lines[i + 1], longest) for i in range(len(lines) - 1)]
    hangul_pairs = [
        i
        for i, join in enumerate(joins)
        if join and _HANGUL.match(lines[i].rstrip()[-1]) and _HANGUL.match(lines[i + 1].lstrip()[0])
    ]
    spaces = dict(
        zip(
            hangul_pairs,
            _space_at_joins([(lines[i].rstrip(), lines[i + 1].lstrip()) for i in hangul_pairs]),
            strict=True,
        )
    )
    out: list[str] = [lines[0] if lines else ""]
    for i, join in enumerate(joins):
        following = lines[i + 1]
        if not join:
            out.append("\n" + following)
        elif spaces.get(i, True):
            out[-1] = out[-1].rstrip()
            out.append(" " + following.lstrip())
        else:
            out[-1] = out[-1].rstrip()
            out.append(following.lstrip())
    return "".join(out)
