"""Line breaks inside sentences, as a PDF's text layer has them, joined back into running text.

A PDF keeps no paragraphs, only lines: the text of a printed page comes out
with a break wherever the line was full, often in the middle of a Korean word
("전원을 켜\\n고 예열이"). The rule, kept small on purpose:

1. A break is joined only inside a paragraph: a blank line, a line that ends a
   sentence (``.``, ``?``, ``!``, a closing quote or bracket…), a Markdown
   heading, a line that starts a list item, and the line after a short one (a
   heading, or a paragraph's last line) keep their break.
2. Between two Hangul syllables the break is either a space the layout
   swallowed ("호퍼가\\n절반" → "호퍼가 절반") or the middle of a word
   ("켜\\n고" → "켜고"); the text layer doesn't say which. Decided in order:
   a. the document itself: if the two halves written together are a word it
      uses elsewhere, no space; else, if either half (of two syllables or more)
      is a word it uses elsewhere, a space;
   b. otherwise, a space only when the line's last word is longer than one
      syllable and ends in a particle or a connective ending ("호퍼가",
      "환불해"), which is where Korean words end; a single syllable ("켜",
      "메"), a number ("5\\n도") or any other ending ("추출합니", "밀리") is
      the middle of a word.
3. Any other break inside a paragraph (Latin words, digits) becomes a space, as
   in English text.

(Kiwi, a Korean morphological analyser, decides 2 better but holds about
470 MB in memory once loaded: more than the whole budget for a 300-page PDF.)
"""

from __future__ import annotations

import re
from collections import Counter

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A number before Hangul is decided like Hangul: a counter or unit attaches to it ("5\n도" → "5도").
_HANGUL_OR_DIGIT = re.compile(r"[\uac00-\ud7a3\d]")
# A line ends its sentence (or is the end of a list item / table cell) and the break stays.
_SENTENCE_END = re.compile(r"[.!?。！？:;\"'”’)\]」』|]\s*$")
# A numbered or bulleted line starts something new: "1. 오픈 준비", "2.1 아메리카노", "- 우유", "• 컵".
# (Korean "가. 나. 다." lists are left out: "다." is also how a sentence broken before its last syllable
# goes on, "추출합니\n다."; such list items follow a short line, which keeps its break anyway.)
_STARTS_ITEM = re.compile(r"^\s*(?:[-*•·▪◦]|\d+(?:\.\d+)*[.)]?\s|[①-⑳])")
# Syllables that end a Korean word: particles (은/는/이/가/을/를/에/의/도/로/와/과/께) and connective
# or adverbial endings (고/며/면/서/게/지/해/여/아/어/던/한/된/할/될/나). A last word ending in one of them,
# longer than one syllable, most likely ended there.
_WORD_FINAL_SYLLABLES = frozenset("은는이가을를에의도로와과께고며면서게지해여아어던한된할될나")
_PUNCTUATION = re.compile(r"[^\w]+")
# A line much shorter than the paragraph's longest is the paragraph's last line (or a heading).
_SHORT_LINE_SHARE = 0.6


def _joins(previous: str, following: str, longest: int) -> bool:
    """Whether the break between these two lines is inside a sentence."""
    if not previous.strip() or not following.strip():
        return False
    if previous.lstrip().startswith("#") or following.lstrip().startswith("#"):
        return False  # a Markdown heading stands on its own line
    if _SENTENCE_END.search(previous) or _STARTS_ITEM.match(following):
        return False
    return len(previous.rstrip()) >= longest * _SHORT_LINE_SHARE


def _word(text: str) -> str:
    return _PUNCTUATION.sub("", text)


def _space_between(tail: str, head: str, words: Counter[str]) -> bool:
    """Whether a space belongs between ``tail`` (a line's last word) and ``head`` (the next line's first)."""
    tail, head = _word(tail), _word(head)
    if words[tail + head] > 0:
        return False
    if any(words[half] > 0 and len(half) > 1 for half in (tail, head)):
        return True
    return len(tail) > 1 and tail[-1] in _WORD_FINAL_SYLLABLES


def repair_line_breaks(text: str) -> str:
    """The text with breaks inside sentences joined (see the module's rule); blank lines stay."""
    lines = text.replace("\r\n", "\n").replace("\f", "\n\n").split("\n")
    longest = max((len(line.rstrip()) for line in lines), default=0)
    joins = [_joins(lines[i], lines[i + 1], longest) for i in range(len(lines) - 1)]
    hangul_joins = [
        i
        for i, join in enumerate(joins)
        if join and _HANGUL_OR_DIGIT.match(lines[i].rstrip()[-1]) and _HANGUL.match(lines[i + 1].lstrip()[0])
    ]
    # The words the document uses, less the halves at these joins (which may be pieces of one word).
    words = Counter(_word(word) for word in text.split())
    words.subtract(_word(lines[i].split()[-1]) for i in hangul_joins)
    words.subtract(_word(lines[i + 1].split()[0]) for i in hangul_joins)
    spaces = {i: _space_between(lines[i].split()[-1], lines[i + 1].split()[0], words) for i in hangul_joins}
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
