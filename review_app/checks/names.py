"""Person names: Chinese names in the source must appear as "Surname Givenname" in pinyin.

Finding names: jieba's part-of-speech tags (`nr`; computed as `jieba.posseg` would, but with
rjieba's segmenter and jieba's tag table, see `tagged_words`) find many names but also tag
common words (关怀, 光荣) and cut names apart (周/海涛, 欧阳/文, 郑国/平). A name is
*confirmed* when jieba tags it and it starts with a known surname and is rare in jieba's
dictionary, when a surname token is followed by a given-name token, when it follows a title
(书记, 主席, 校长 …) or when the glossary lists it (kind=name); a name confirmed anywhere in
the article counts everywhere in it. Any other surname + one or two characters is a
*candidate* that is only reported on strong English evidence (the exact pinyin reversed, split
or fused wrongly), never as missing.

Expected form (GB/T 28039-2011): surname first, given name as one word, both capitalised,
compound surnames joined (欧阳文 → Ouyang Wen), polyphonic surnames read as surnames
(曾 Zeng, 单 Shan, 解 Xie).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import ahocorasick
import jieba
import jieba.posseg
import rjieba
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from pypinyin import Style, lazy_pinyin, pinyin
from rapidfuzz.distance import Levenshtein

from review_app.checks.base import (
    ASCII_LETTERS_ONLY,
    HAN_RE,
    WORD_RE,
    Check,
    CheckContext,
    Flag,
    SegmentView,
    replace_span,
)
from review_app.glossary import GlossaryEntry

COMPOUND_SURNAMES = [
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "长孙",
    "宇文",
    "司徒",
    "令狐",
    "夏侯",
    "西门",
    "独孤",
    "端木",
    "南宫",
    "轩辕",
    "澹台",
    "申屠",
    "钟离",
    "百里",
    "呼延",
    "万俟",
    "闻人",
    "太史",
    "赫连",
    "东郭",
    "拓跋",
    "公羊",
    "淳于",
    "单于",
    "濮阳",
]
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶"
    "解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬"
    "边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原"
    "栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计"
    "索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕"
    "危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智奉植衡富尧闭由"
)
_COMPOUND_SET = frozenset(COMPOUND_SURNAMES)
_SURNAME_STARTS = SURNAMES | {compound[0] for compound in _COMPOUND_SET}
SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
    "盖": "ge", "乐": "yue", "覃": "qin", "召": "shao", "缪": "miao", "翟": "zhai", "种": "chong",
    "秘": "bi", "尉": "yu", "万": "wan", "柏": "bai", "沈": "shen", "任": "ren", "华": "hua",
    "纪": "ji", "燕": "yan", "薄": "bo", "褚": "chu", "重": "chong", "石": "shi", "宿": "su",
    "长孙": "zhangsun", "尉迟": "yuchi", "万俟": "moqi", "单于": "chanyu", "都": "du",
    "员": "yun", "称": "cheng", "那": "na", "过": "guo", "隗": "wei", "阚": "kan", "吕": "lv",
}  # fmt: skip
TITLES_ZH = (
    "书记", "主席", "校长", "主任", "区长", "市长", "县长", "局长", "院长", "处长", "科长", "部长",
    "厅长", "省长", "镇长", "所长", "会长", "理事长", "秘书长", "总经理", "经理", "董事长", "教授",
    "老师", "记者", "司机", "工人", "职工", "作者：", "审核：", "编辑：", "作者:", "主编",
)  # fmt: skip
TITLES_EN = {
    "chairman", "chairwoman", "chairperson", "chair", "director", "secretary", "president",
    "principal", "mayor", "head", "dean", "governor", "minister", "manager", "leader",
    "commissioner", "deputy", "professor", "chief", "comrade", "vice-chairman",
    "vice-principal", "vice-director", "vice-president", "secretary-general",
}  # fmt: skip
_NAME_STOP = set(
    "，。、；：！？（）《》“”\"' 　等同及和与的了是为对将向从在就说作到当带代主出表指强介致所"
)
_TITLE_RUN_STOP = {
    "by", "with", "to", "from", "at", "in", "on", "including", "led", "met", "said", "says",
    "told", "invited", "welcomed", "visited", "accompanied", "is", "was", "are", "were", "as",
    "that", "which", "who", "when", "while", "after", "before", "where",
}  # fmt: skip
_ABBREVIATIONS = {"No.", "Dr.", "St.", "Mr.", "Ms.", "Mrs.", "Prof."}
_TITLE_LINKS = {"of", "the", "and", "for", "vice", "deputy", "executive", "standing"}
_MAX_DICT_FREQ = 50  # jieba lists real names with small counts; 关怀/光荣 have hundreds
_TITLE_RUN_MIN_WORDS = 4


@dataclass(frozen=True)
class _Lexicon:
    """jieba's dictionary as the name finder reads it: word counts and part-of-speech tags."""

    freq: dict[str, int]
    tags: dict[str, str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return _Lexicon(jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab)


_MIN_FLOAT = -3.14e100  # jieba's log probability of an emission its tables lack


class _Hmm(NamedTuple):
    """jieba's tagging HMM with its states numbered in their sort order (a number compares as
    its state does, and hashes far faster than the (B/M/E/S, tag) pair)."""

    states: list[tuple[str, str]]
    number: dict[tuple[str, str], int]
    start: list[float]
    emit: list[dict[str, float]]
    nexts: list[frozenset[int]]  # the states each state has a transition to
    into: list[dict[int, float]]  # per state: {state before: log p of the transition}
    all_states: tuple[int, ...]

    def char_states(self, char: str) -> Iterable[int]:
        """The states a character can be in (numbered here, not for all 6,600 characters
        up front: that would cost more than the runs of a whole article)."""
        table = char_state_tab_P.get(char)
        return self.all_states if table is None else map(self.number.__getitem__, table)


@lru_cache(maxsize=1)
def _hmm() -> _Hmm:
    states = sorted(trans_P)
    number = {state: i for i, state in enumerate(states)}
    into: list[dict[int, float]] = [{} for _ in states]
    for before, nexts in trans_P.items():
        for state, prob in nexts.items():
            into[number[state]][number[before]] = prob
    return _Hmm(
        states,
        number,
        [start_P[state] for state in states],
        [emit_P[state] for state in states],
        [frozenset(map(number.__getitem__, trans_P[state])) for state in states],
        into,
        tuple(range(len(states))),
    )


def _viterbi_states(run: str) -> list[tuple[str, str]]:
    """The (B/M/E/S, tag) state of each character, exactly as jieba's `jieba.posseg.viterbi`
    finds them, several times faster: a state is reached only from the states with a
    transition into it (jieba adds minus infinity for every other state before it, then takes
    the maximum; the states found are finite, so those never win and the same maximum, ties
    included, comes out of the few that can)."""
    hmm = _hmm()
    probs = {
        state: hmm.start[state] + hmm.emit[state].get(run[0], _MIN_FLOAT)
        for state in hmm.char_states(run[0])
    }
    paths: list[dict[int, int]] = []  # per character after the first: state → state before
    for char in run[1:]:
        expected = frozenset().union(*map(hmm.nexts.__getitem__, probs))
        states = expected.intersection(hmm.char_states(char)) or expected
        before_of: dict[int, int] = {}
        next_probs: dict[int, float] = {}
        for state in states:
            emit = hmm.emit[state].get(char, _MIN_FLOAT)
            into = hmm.into[state]
            next_probs[state], before_of[state] = max(
                (probs[before] + into[before] + emit, before)
                for before in into.keys() & probs.keys()
            )
        probs = next_probs
        paths.append(before_of)
    state = max((prob, state) for state, prob in probs.items())[1]
    route = [state]
    for before_of in reversed(paths):
        state = before_of[state]
        route.append(state)
    return [hmm.states[state] for state in reversed(route)]


@lru_cache(maxsize=65536)
def _hmm_words(run: str) -> tuple[tuple[str, str], ...]:
    """A run of characters jieba's dictionary has no word for, cut and tagged by jieba's
    tagging HMM exactly as `jieba.posseg` does (杜志平作 → 杜志平/nr 作/v, 由区 → 由/p 区/n).
    Cached per run: runs recur (names, 作了, 在区)."""
    states = _viterbi_states(run)
    out: list[tuple[str, str]] = []
    begin = done = 0
    for i, (state, tag) in enumerate(states):
        if state == "B":
            begin = i
        elif state in "ES":
            out.append((run[begin if state == "E" else i : i + 1], tag))
            done = i + 1
    if done < len(run):
        out.append((run[done:], states[done][1]))
    return tuple(out)


def tagged_words(source: str) -> list[tuple[str, str]]:
    """Words of a Chinese sentence with part-of-speech tags as `jieba.posseg.cut` gives them,
    many times faster (see `_posseg_words`)."""
    words, hmm_tags = _posseg_words(source)
    tags = _lexicon().tags
    out = [(word, tags.get(word, "x")) for word in words]
    for i, tag in hmm_tags.items():
        out[i] = (words[i], tag)
    return out


# Every character HAN_RE matches, as a set: one lookup tells a single Han character word.
_HAN_CHARS = frozenset(c for c in map(chr, range(0x3400, 0xFB00)) if HAN_RE.match(c))


def _posseg_words(source: str) -> tuple[list[str], dict[int, str]]:
    """The words `jieba.posseg.cut` gives, and the tags its HMM gave (by word index); every
    other word's tag is the one in jieba's tag table. rjieba (jieba's dictionary, in Rust)
    finds the dictionary words. Between them, a run of single characters that is no word
    itself goes through jieba's tagging HMM (the slow part of `jieba.posseg`) only where it
    may hold a name: a surname starts before its last character, or the word before it is a
    compound surname (欧阳 + 文华). Other runs keep the characters' own tags, which no name
    rule reads."""
    lexicon = _lexicon()
    words = rjieba.cut(source, False)
    to_tag: list[tuple[int, int, str]] = []  # (first, end, run) of the runs the HMM cuts
    first = -1  # where the current run of single Han characters started
    for i, word in enumerate([*words, ""]):  # "" ends a run at the end
        if word in _HAN_CHARS:
            if first < 0:
                first = i
            continue
        if first >= 0 and i - first > 1:
            run = "".join(words[first:i])
            after_compound = first > 0 and words[first - 1] in _COMPOUND_SET
            may_hold_name = after_compound or not _SURNAME_STARTS.isdisjoint(run[:-1])
            if may_hold_name and not lexicon.freq.get(run):
                to_tag.append((first, i, run))
        first = -1
    if not to_tag:
        return words, {}
    out: list[str] = []
    hmm_tags: dict[int, str] = {}
    done = 0
    for first, end, run in to_tag:
        out += words[done:first]
        for word, tag in _hmm_words(run):
            hmm_tags[len(out)] = tag
            out.append(word)
        done = end
    out += words[done:]
    return out, hmm_tags


def split_surname(name: str) -> tuple[str, str] | None:
    """(surname, given name) for a surname and a given name of one or two characters."""
    if 3 <= len(name) <= 4 and name[:2] in _COMPOUND_SET:
        return name[:2], name[2:]
    if 2 <= len(name) <= 3 and name[0] in SURNAMES:
        return name[0], name[1:]
    return None


@dataclass(frozen=True)
class NameReading:
    """Pinyin of a Chinese name: the expected English form and what counts as it."""

    chinese: str
    display: str  # "Du Zhiping"
    surnames: frozenset[str]  # normalised accepted spellings of the surname: {"du"}
    givens: frozenset[str]  # normalised accepted spellings of the given name: {"zhiping"}
    syllables: int
    compact: frozenset[str]  # surname and given name run together: {"duzhiping"}
    # Every normalised English word that can take part in a form of the name (a surname, a
    # given name, a compact form or its beginning, "duzhi" of "Duzhi Ping"): a target with
    # none of them holds no form of the name.
    cues: frozenset[str]
    # The display form's two words normalised (None if it is not two plain words: "Du Zhiping"
    # gives ("du", "zhiping")); see `_display_form_alone`.
    display_words: tuple[str, str] | None


def _fold(text: str) -> str:
    """Lower case, no apostrophes/hyphens, ü/v as u (`str.replace` is many times faster than
    `str.translate` here)."""
    folded = text.lower().replace("'", "").replace("’", "").replace("-", "")
    return folded.replace("ü", "u").replace("v", "u")


def normalise(word: str) -> str:
    """Compare pinyin spellings: lower case, no apostrophes/hyphens/spaces, ü/v as u."""
    return "".join(_fold(word).split())


@lru_cache(maxsize=4096)
def surname_spelling(surname: str) -> str:
    """The pinyin of a surname as a name reads it (曾 zeng, 单 shan)."""
    return SURNAME_READINGS.get(surname) or "".join(lazy_pinyin(surname, v_to_u=True))


def _capitalise_given(syllables: list[str]) -> str:
    out = syllables[0]
    for syllable in syllables[1:]:
        out += ("'" if syllable[:1] in "aoe" else "") + syllable
    return out.capitalize()


_DISPLAY_FORM_RE = re.compile(r"[A-Za-z][A-Za-z'’]* [A-Za-z][A-Za-z'’]*")  # two plain words


@lru_cache(maxsize=65536)
def name_reading(chinese: str, surname: str, english: str = "") -> NameReading:
    """Expected pinyin of a name; `english` (from the glossary) overrides the pinyin."""
    given = chinese[len(surname) :]
    surname_py = surname_spelling(surname)
    given_py = lazy_pinyin(given, v_to_u=True)
    if english:
        parts = english.split(None, 1)
        display = english
        surnames = {normalise(parts[0])}
        givens = {normalise(parts[1])} if len(parts) > 1 else {""}
    else:
        display = f"{surname_py.capitalize()} {_capitalise_given(given_py)}"
        surnames = {normalise(surname_py)}
        readings = [  # per character: a phrase lookup would hide 长's other reading
            sorted(set(pinyin(ch, style=Style.NORMAL, heteronym=True, v_to_u=True)[0]))
            for ch in given
        ]
        givens = {normalise("".join(given_py))}
        for combo in itertools.islice(itertools.product(*readings), 8):
            givens.add(normalise("".join(combo)))
    syllables = len(chinese) if not english else len(english.split())
    compact = frozenset(s + g for s in surnames for g in givens)
    cues = frozenset(
        surnames | givens | compact | {c[:k] for c in compact for k in range(1, len(c))}
    )
    first, _, second = display.partition(" ")
    plain = _DISPLAY_FORM_RE.fullmatch(display)
    return NameReading(
        chinese,
        display,
        frozenset(surnames),
        frozenset(givens),
        syllables,
        compact,
        cues,
        (normalise(first), normalise(second)) if plain else None,
    )


class PersonName(NamedTuple):
    """A name found in a segment's source (a named tuple: made for every name and candidate
    of every segment, it costs a third of a frozen dataclass)."""

    text: str
    start: int
    end: int
    surname: str
    confirmed: bool
    entry: GlossaryEntry | None = None  # when the glossary lists the name

    @property
    def reading(self) -> NameReading:
        return name_reading(self.text, self.surname, self.entry.target if self.entry else "")

    @property
    def is_person(self) -> bool:
        """Glossary names also cover places and platforms (瓯海, 学习强国): those are only
        looked up by their renderings, not parsed as surname + given name."""
        return self.entry is None or (
            split_surname(self.entry.source) is not None and len(self.entry.target.split()) == 2
        )


_NAME_TAGS = ("nr", "nrfg")
_SURNAME_WORDS = SURNAMES | (_COMPOUND_SET - {"东方"})  # a word that starts a name


def _occurrences_pattern(words: Collection[str]) -> re.Pattern[str]:
    """A pattern that matches at every place one of `words` starts, overlapping places too
    (书记者: 书记 and 记者), with the longest word starting there in group 1: a word's first
    character, then, looking back to it, the word. Starting with a character class lets the
    search skip along at the speed of a one-character search."""
    firsts = "".join(sorted({re.escape(word[0]) for word in words}))
    longest_first = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(f"[{firsts}](?<=(?=({longest_first})).)")


_TITLE_RE = _occurrences_pattern(TITLES_ZH)  # no title starts another one


@lru_cache(maxsize=65536)
def confirmed_names(source: str) -> frozenset[str]:
    """Names in one Chinese sentence that jieba and the context agree on (cached per sentence).
    Only words that start with a surname can be or start names: only theirs and their next
    word's tags are looked up."""
    words, hmm_tags = _posseg_words(source)
    lexicon = _lexicon()
    found: set[str] = set()
    last = len(words) - 1
    for i, word in enumerate(words):
        if word[:1] not in _SURNAME_STARTS:
            continue
        if (
            2 <= len(word) <= 4
            and (hmm_tags.get(i) or lexicon.tags.get(word, "x")) in _NAME_TAGS
            and lexicon.freq.get(word, 0) <= _MAX_DICT_FREQ
            and split_surname(word)
        ):
            found.add(word)
            continue
        if word not in _SURNAME_WORDS or i == last:
            continue
        given = words[i + 1]
        if not 1 <= len(given) <= 2:
            continue
        given_tag = hmm_tags.get(i + 1) or lexicon.tags.get(given, "x")
        given_like = given_tag in ("nr", "nrfg", "nz") or (
            len(word) == 2 and HAN_RE.match(given) is not None
        )
        if given_like and split_surname(word + given):
            found.add(word + given)
    for title in _TITLE_RE.finditer(source):
        name = _name_after(source, title.end(1))
        if name:
            found.add(name)
    return frozenset(found)


def _name_after(source: str, start: int) -> str | None:
    if source[start : start + 1] not in _SURNAME_STARTS:
        return None  # every name starts with a surname (`split_surname`)
    end = start
    while end < len(source) and end - start < 4 and HAN_RE.match(source[end]):
        if end - start >= 2 and source[end] in _NAME_STOP:
            break
        end += 1
    for length in range(end - start, 1, -1):
        name = source[start : start + length]
        if split_surname(name) and (
            start + length == len(source)
            or not HAN_RE.match(source[start + length])
            or source[start + length] in _NAME_STOP
        ):
            return name
    return None


def segment_names(view: SegmentView, ctx: CheckContext) -> tuple[PersonName, ...]:
    """Names in the segment's source: glossary names, confirmed ones (longest first), then
    candidates. Candidates are left out where none of them that is still free to be added
    can be reported, for want of its surname as a capitalised English word or of the
    evidence `find_name` asks for (`_has_evidence`): they would only block each other."""

    def compute() -> tuple[PersonName, ...]:
        source = view.source
        names: list[PersonName] = []
        taken = bytearray(len(source))

        def add(name: PersonName) -> None:
            if taken.find(1, name.start, name.end) >= 0:
                return
            names.append(name)
            taken[name.start : name.end] = b"\1" * (name.end - name.start)

        for match in ctx.term_matches(view):
            if match.entry.kind == "name":
                parts = split_surname(match.entry.source)
                surname = parts[0] if parts else match.entry.source[:1]
                add(
                    PersonName(
                        match.entry.source, match.start, match.end, surname, True, match.entry
                    )
                )
        article_names = _article_names(ctx)
        if article_names is not None:
            found = [  # (-length, start, name, surname)
                (-len(text), end + 1 - len(text), text, surname)
                for end, (text, surname) in article_names.iter(source)
            ]
            for _, at, text, surname in sorted(found):  # longest first
                add(PersonName(text, at, at + len(text), surname, True))
        free = source  # the source with the names found so far blanked out
        for name in names:
            free = free[: name.start] + "\0" * (name.end - name.start) + free[name.end :]
        if _surname_in(free, view.target):
            letter_words = _letter_words(view.target)
            candidates = _candidates(source)
            if any(
                taken.find(1, name.start, name.end) < 0 and _has_evidence(name, letter_words)
                for name in candidates
            ):
                for name in candidates:
                    add(name)
        # A tuple: () for none is no new object for the garbage collector to follow.
        return tuple(sorted(names, key=lambda n: n.start))

    return view.memo("names", compute)


_SURNAME_START_RE = re.compile(f"[{''.join(sorted(_SURNAME_STARTS))}]")


@lru_cache(maxsize=65536)
def _candidates(source: str) -> tuple[PersonName, ...]:
    """Every surname + one or two Han characters, longest given name first."""
    out = []
    for start in _SURNAME_START_RE.finditer(source):
        i = start.start()
        for given_len in (2, 1):
            for surname_len in (2, 1):
                surname = source[i : i + surname_len]
                if surname not in (_COMPOUND_SET if surname_len == 2 else SURNAMES):
                    continue
                text = source[i : i + surname_len + given_len]
                if len(text) == surname_len + given_len and all(map(HAN_RE.match, text[1:])):
                    out.append(PersonName(text, i, i + len(text), surname, False))
    return tuple(out)


def _surname_in(source: str, target: str) -> bool:
    """Whether a capitalised English word is the spelling of a surname written in the Chinese
    (a candidate name is only reported there, see `find_name`). Asked for every segment: the
    words and their surnames are gone through by `map` in C, not by a Python loop."""
    spelled = map(_surnames_spelled, _CAPITALISED_WORD_RE.findall(target))
    return any(map(source.__contains__, itertools.chain.from_iterable(spelled)))


@lru_cache(maxsize=65536)
def _surnames_spelled(word: str) -> tuple[str, ...]:
    """The surnames an English word spells (cached per word: capitalised words recur)."""
    return tuple(_surnames_by_spelling().get(_fold(word), ()))


# `WORD_RE` for the words with a capital first letter: each is found whole (a match that
# started before it would have made it part of a longer word).
_CAPITALISED_WORD_RE = re.compile("[A-Z]" + WORD_RE.pattern.removeprefix("[A-Za-z]"))


@lru_cache(maxsize=1)
def _surnames_by_spelling() -> dict[str, list[str]]:
    """Every surname, single and compound, by its spelling as the English words are compared."""
    by_spelling: dict[str, list[str]] = {}
    for surname in sorted(SURNAMES | _COMPOUND_SET):
        by_spelling.setdefault(_surname_key(surname), []).append(surname)
    return by_spelling


def _has_evidence(candidate: PersonName, letter_words: str) -> bool:
    """A candidate name is only reported on evidence: its surname and its given name are both
    among the English words (the surname, cheaper to check, first)."""
    if not _is_letter_word(_surname_key(candidate.surname), letter_words):
        return False
    reading = candidate.reading
    return any(_is_letter_word(s, letter_words) for s in reading.surnames) and any(
        _is_letter_word(g, letter_words) for g in reading.givens
    )


@lru_cache(maxsize=4096)
def _surname_key(surname: str) -> str:
    """The surname's spelling as the English words are compared (`normalise`)."""
    return normalise(surname_spelling(surname))


def _article_names(ctx: CheckContext) -> ahocorasick.Automaton | None:
    """The names confirmed anywhere in an article, as an automaton that finds every place one
    of them stands in a segment's source, overlapping ones too (王小明 and 王小), with its
    surname. One per article: it builds in microseconds, where compiling a regex of the names
    took a third of a millisecond."""

    def compute() -> ahocorasick.Automaton | None:
        names = frozenset().union(*(confirmed_names(v.source) for v in ctx.views if v.source))
        automaton = ahocorasick.Automaton()
        for name in names:
            parts = split_surname(name)
            if parts:
                automaton.add_word(name, (name, parts[0]))
        if not len(automaton):
            return None
        automaton.make_automaton()
        return automaton

    return ctx.memo("names.confirmed", compute)


class NameHit(NamedTuple):
    """How a source name shows up in the English (a named tuple, cheap to make)."""

    name: PersonName
    kind: str  # ok, reversed, split, misspelled, missing
    start: int = 0
    end: int = 0
    text: str = ""


class _EnglishWords(NamedTuple):
    """The words of an English text as `WORD_RE` finds them, with their offsets and their
    `normalise`d spellings (tuples: kept in a cache, they drop out of the garbage
    collector's sight, lists would not)."""

    raws: tuple[str, ...]
    norms: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]


_WORD_SPLIT_RE = re.compile(f"({WORD_RE.pattern})")


@lru_cache(maxsize=65536)
def _english_words(target: str) -> _EnglishWords:
    """One regex split gives the words and, by the lengths of the pieces, their offsets; the
    words are normalised all at once (they hold no NUL)."""
    pieces = tuple(_WORD_SPLIT_RE.split(target))  # text before the first word, word, …, text
    offsets = tuple(itertools.accumulate(map(len, pieces), initial=0))
    raws = pieces[1::2]
    norms = tuple(_fold("\0".join(raws)).split("\0")) if raws else ()
    return _EnglishWords(raws, norms, offsets[1:-1:2], offsets[2::2])


@lru_cache(maxsize=65536)
def _letter_words(target: str) -> str:
    """The runs of letters of the folded English, between spaces and with a space at either
    end: its normalised words, but cheaper than `_english_words` and not always split the
    same way ("Wang--Wei" gives "wangwei", see `_words_may_merge`). What candidate names are
    checked against (`_is_letter_word`). Byte operations instead of a regex and a set:
    several times faster."""
    letters = _fold(target).encode("ascii", "replace").translate(ASCII_LETTERS_ONLY)
    return f" {letters.decode('ascii')} "


def _is_letter_word(word: str, letter_words: str) -> bool:
    return bool(word) and f" {word} " in letter_words


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _indices(items: Sequence[str], value: str) -> Iterator[int]:
    """Where `value` is in `items` (`list.index` searches in C)."""
    at = -1
    try:
        while True:
            at = items.index(value, at + 1)
            yield at
    except ValueError:
        return


# What a word may go on with (a hyphen only before a letter, but any is taken as one here).
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'’-")
_JOINING_HYPHEN_RE = re.compile(r"-[-'’]")


def _words_may_merge(text: str) -> bool:
    """Whether the letter words of `text` may fail to match `WORD_RE`'s words one to one: a
    hyphen that no word takes in joins two words ("Wang--Wei", "Wang-'Wei"), ü folds into a
    letter, İ and K lower to letters. (A hyphen before a letter is inside a word.)"""
    return (
        "ü" in text
        or "Ü" in text
        or "İ" in text
        or "K" in text
        or _JOINING_HYPHEN_RE.search(text) is not None
    )


def _display_form_alone(name: PersonName, reading: NameReading, target: str) -> NameHit | None:
    """The common case, found without `_english_words`: the English writes the name once, as
    its display form ("Du Zhiping"), and holds no other word that could form the name. Then
    `find_name` finds that one hit (any other hit would overlap it); None otherwise."""
    display = reading.display
    at = target.find(display)
    end = at + len(display)
    if (
        at < 0
        or reading.display_words is None
        or target[at - 1 : at] in _WORD_CHARS  # the display form starts a word …
        or target[end : end + 1] in _WORD_CHARS  # … and ends one
        or _words_may_merge(target)
    ):
        return None
    words = _letter_words(target).split()  # here: the normalised English words, in order
    surname, given = reading.display_words
    if reading.cues.intersection(words) != {surname, given}:
        return None
    if words.count(surname) != 1 or words.count(given) != 1:
        return None
    first, second = display.split(" ")
    good_case = first[0].isupper() and second[0].isupper() and not any(map(str.isupper, second[1:]))
    return NameHit(name, "ok" if good_case else "misspelled", at, end, display)


_CLAUSE_BREAK_RE = re.compile(r"[,.;:!?()\"“”]")


def find_name(name: PersonName, target: str) -> list[NameHit]:
    """Every place the name (or a wrong form of it) is in the English; [missing] if none."""
    if not name.confirmed and not _has_evidence(name, _letter_words(target)):
        return []
    reading = name.reading
    if name.confirmed and (alone := _display_form_alone(name, reading, target)):
        return [alone]
    return _find_in_words(name, reading, target)


def _find_in_words(name: PersonName, reading: NameReading, target: str) -> list[NameHit]:
    """`find_name` word by word: only the words that can take part in a form of the name
    (`NameReading.cues`) are looked at."""
    words = _english_words(target)
    present = reading.cues.intersection(words.norms)
    if not present:
        return [NameHit(name, "missing")] if name.confirmed else []
    norms, raws, starts, ends = words.norms, words.raws, words.starts, words.ends
    surnames, givens, compact = reading.surnames, reading.givens, reading.compact
    n = len(norms)
    cued = sorted(i for word in present for i in _indices(norms, word))
    hits: list[NameHit] = []

    def hit(kind: str, i: int, j: int) -> None:
        start, end = starts[i], ends[j]
        if any(h.start < end and start < h.end for h in hits):
            return
        hits.append(NameHit(name, kind, start, end, target[start:end]))

    for i in cued:
        if i + 1 < n and norms[i] in surnames and norms[i + 1] in givens:
            good_case = (
                _capitalised(raws[i])
                and raws[i + 1][:1].isupper()
                and not any(c.isupper() for c in raws[i + 1][1:].replace("-", ""))
            )
            if good_case or name.confirmed:
                hit("ok" if good_case else "misspelled", i, i + 1)
        elif norms[i] in compact and _capitalised(raws[i]) and name.confirmed:
            hit("misspelled", i, i)
        elif (
            i + 1 < n
            and norms[i] + norms[i + 1] in compact
            and _capitalised(raws[i])
            and name.confirmed
        ):
            hit("misspelled", i, i + 1)
        elif (
            i + 1 < n
            and norms[i] in givens
            and norms[i + 1] in surnames
            and _capitalised(raws[i])
            and _capitalised(raws[i + 1])
            and reading.syllables >= 2
        ):
            hit("reversed", i, i + 1)
        elif (
            name.confirmed
            and i + 2 < n
            and norms[i] in surnames
            and norms[i + 1] + norms[i + 2] in givens
            and all(map(_capitalised, raws[i : i + 3]))
        ):
            hit("misspelled", i, i + 2)
    at_surname = [i for i in cued if norms[i] in surnames and _capitalised(raws[i])]
    if not hits:
        for i in at_surname:
            for j in range(i + 2, min(n, i + 6)):
                if _CLAUSE_BREAK_RE.search(target, ends[i], starts[j]):
                    break
                if (
                    norms[j] in givens
                    and _capitalised(raws[j])
                    and (name.confirmed or len(name.text) - len(name.surname) >= 2)
                ):
                    hit("split", i, j)
                    break
    if hits or not name.confirmed:
        return hits
    for i in at_surname:
        if (
            i + 1 < n
            and _capitalised(raws[i + 1])
            and any(norms[i + 1].startswith(g) for g in givens)
        ):
            return [NameHit(name, "ok", starts[i], ends[i + 1], target[starts[i] : ends[i + 1]])]
    pairs = {i for i in cued if norms[i] in surnames}
    pairs.update(i - 1 for i in cued if i and norms[i] in givens)
    for i in sorted(pairs):
        if i + 1 == n or not (_capitalised(raws[i]) and _capitalised(raws[i + 1])):
            continue
        pair = norms[i] + norms[i + 1]
        if max(Levenshtein.normalized_similarity(pair, c) for c in compact) >= 0.75:
            hit("misspelled", i, i + 1)
    if hits:
        return hits
    if at_surname:
        return [NameHit(name, "ok")]  # surname alone: a later mention
    return [NameHit(name, "missing")]


def _find_listed(name: PersonName, view: SegmentView, ctx: CheckContext) -> list[NameHit]:
    """A glossary name that is not a person: its renderings, else missing (unless a forbidden
    rendering stands there, which the terminology checks report)."""
    assert name.entry is not None
    found = ctx.renderings(view, name.entry)
    if found:
        return [NameHit(name, "ok", m.start, m.end, m.text) for m in found]
    if any(m.entry == name.entry for m in ctx.forbidden(view)):
        return []
    return [NameHit(name, "missing")]


def name_hits(view: SegmentView, ctx: CheckContext) -> tuple[NameHit, ...]:
    """How each name of the segment's source shows up in its English (memoised per segment)."""
    hits = view._memo.get("name_hits")  # asked for by seven checks a segment
    if hits is None:
        hits = view.memo("name_hits", lambda: _name_hits(view, ctx))
    return hits


def _name_hits(view: SegmentView, ctx: CheckContext) -> tuple[NameHit, ...]:
    hits: list[NameHit] = []
    for name in segment_names(view, ctx):
        found = find_name(name, view.target) if name.is_person else _find_listed(name, view, ctx)
        hits += [
            h
            for h in found
            if not any(o.end and h.end and o.start < h.end and h.start < o.end for o in hits)
        ]
    return tuple(hits)  # () for none: no new object for the garbage collector


class _NameCheck(Check):
    """A check that looks at each hit of its `kind` on its own (`flag_hit`)."""

    category = "names"
    kind = ""

    def run(self, view: SegmentView, ctx: CheckContext) -> Sequence[Flag]:
        # A list, or () for the half of the segments that name no one: cheaper than a
        # generator or grouping the hits by kind, for every segment.
        hits = name_hits(view, ctx)
        if not hits:
            return ()
        kind = self.kind
        return [flag for h in hits if h.kind == kind and (flag := self.flag_hit(view, ctx, h))]

    def flag_hit(self, view: SegmentView, ctx: CheckContext, h: NameHit) -> Flag | None:
        raise NotImplementedError

    def rewrite(self, view: SegmentView, h: NameHit, message: str, replacement: str) -> Flag:
        """A flag on the hit, with the fix that writes `replacement` in its place."""
        return self.flag(
            message,
            source_span=(h.name.start, h.name.end),
            target_span=(h.start, h.end),
            fix=replace_span(view.target, h.start, h.end, replacement),
        )


class MissingName(_NameCheck):
    check_id = "names.missing"
    severity = "warning"
    kind = "missing"
    description = "A person named in the Chinese does not appear in the English."

    def flag_hit(self, view: SegmentView, ctx: CheckContext, h: NameHit) -> Flag | None:
        return self.flag(
            f"{h.name.text} ({h.name.reading.display}) is named in the Chinese but not in "
            "the English.",
            source_span=(h.name.start, h.name.end),
        )


class ReversedName(_NameCheck):
    check_id = "names.reversed"
    severity = "error"
    kind = "reversed"
    description = "A Chinese name in Western order (“Zhiping Du”); the surname comes first."

    def flag_hit(self, view: SegmentView, ctx: CheckContext, h: NameHit) -> Flag | None:
        display = h.name.reading.display
        return self.rewrite(
            view,
            h,
            f"“{h.text}” puts the given name first; Chinese names keep the surname first: "
            f"“{display}” ({h.name.text}).",
            display,
        )


class SplitName(_NameCheck):
    check_id = "names.split"
    severity = "error"
    kind = "split"
    description = "Words inserted inside a name (“Du Chaired by Zhiping” for 杜志平主持)."

    def flag_hit(self, view: SegmentView, ctx: CheckContext, h: NameHit) -> Flag | None:
        display = h.name.reading.display
        words = h.text.split()
        middle = " ".join(words[1:-1])
        if middle[:1].isupper() and not middle.isupper():
            middle = middle[0].lower() + middle[1:]
        fixed = f"{middle} {display}"
        return self.rewrite(
            view,
            h,
            f"The name {h.name.text} is split apart in “{h.text}”; write “{display}” as one "
            f"unit (“{fixed}”).",
            fixed,
        )


class MisspelledName(_NameCheck):
    check_id = "names.misspelled"
    severity = "warning"
    kind = "misspelled"
    description = (
        "A name whose pinyin is misspelled, wrongly divided (“Ou Yangwen” for 欧阳文) or "
        "wrongly capitalised."
    )

    def flag_hit(self, view: SegmentView, ctx: CheckContext, h: NameHit) -> Flag | None:
        display = h.name.reading.display
        return self.rewrite(
            view,
            h,
            f"“{h.text}” should be spelled “{display}” ({h.name.text}).",
            display,
        )


def _article_forms(ctx: CheckContext) -> dict[str, Counter[str]]:
    """How often each name is written each way in the article's English (memoised)."""
    return ctx.memo("names.forms", lambda: _count_forms(ctx))


def _count_forms(ctx: CheckContext) -> dict[str, Counter[str]]:
    forms: dict[str, Counter[str]] = {}
    for view in ctx.translated_views():
        for h in name_hits(view, ctx):
            if h.kind == "ok" and h.text:
                forms.setdefault(h.name.text, Counter())[h.text] += 1
    return forms


class InconsistentName(_NameCheck):
    check_id = "names.inconsistent"
    severity = "warning"
    kind = "ok"
    description = "The same person's name is spelled in different ways within the article."

    def flag_hit(self, view: SegmentView, ctx: CheckContext, h: NameHit) -> Flag | None:
        counts = _article_forms(ctx).get(h.name.text)
        if not counts or len(counts) < 2 or not h.text:
            return None
        usual = sorted(counts, key=lambda f: (-counts[f], f != h.name.reading.display))[0]
        if h.text == usual:
            return None
        return self.rewrite(
            view,
            h,
            f"{h.name.text} is “{usual}” elsewhere in this article but “{h.text}” here; "
            "spell it one way throughout.",
            usual,
        )


_NEXT_WORD_RE = re.compile(r" ([A-Z][A-Za-z-]*)")
_NON_SPACE_RE = re.compile(r"\S+")
_TITLE_RUN_LINKS = _TITLE_LINKS | TITLES_EN  # lower-case words inside a title run


class TitleAfterName(_NameCheck):
    check_id = "names.title-order"
    severity = "warning"
    kind = ""
    description = (
        "A title glued after a name (“Lin Jiandong Director”) or a long title run before it "
        "(“deputy secretary of the district committee Wang Liping”)."
    )

    def run(self, view: SegmentView, ctx: CheckContext) -> Iterable[Flag]:
        hits = name_hits(view, ctx)
        return self._flags(view.target, hits) if hits else ()  # no generator for most segments

    def _flags(self, target: str, hits: Sequence[NameHit]) -> Iterator[Flag]:
        for h in hits:
            if h.kind not in ("ok", "reversed", "misspelled") or not h.text or not h.name.is_person:
                continue
            after = _NEXT_WORD_RE.match(target, h.end)
            if after and after.group(1).lower() in TITLES_EN:
                yield self._after(target, h, after)
                continue
            flag = self._before(target, h)
            if flag:
                yield flag

    def _after(self, target: str, h: NameHit, after: re.Match[str]) -> Flag:
        title = after.group(1)
        if re.search(rf"\b{re.escape(title)}\s*$", target[: h.start], re.I):
            fix = replace_span(target, h.end, after.end(), "")
            advice = f"“{title}” is already before the name; delete the second one"
        elif target.startswith(" of ", after.end()):
            fix = replace_span(target, h.end, after.start(1), ", ")
            fix = fix[: h.end + 2] + title.lower() + fix[h.end + 2 + len(title) :]
            advice = f"write “{h.text}, {title.lower()} of …”"
        else:
            fix = replace_span(target, h.start, after.end(), f"{title} {h.text}")
            advice = f"write “{title} {h.text}” or “{h.text}, {title.lower()}”"
        return self.flag(
            f"Title after the name in “{h.text} {title}”: {advice}.",
            source_span=(h.name.start, h.name.end),
            target_span=(h.start, after.end()),
            fix=fix,
        )

    def _before(self, target: str, h: NameHit) -> Flag | None:
        prefix = target[: h.start]
        # A run needs a title word (or one after a hyphen, "vice-chairman"): most English
        # before a name holds none (4 hits in 5), and one set test tells.
        if TITLES_EN.isdisjoint(prefix.lower().replace("-", " ").split()):
            return None
        # (start, word) for the words before the name, last first: searching the reversed
        # text reads only as far back as the run goes.
        backwards = (
            (len(prefix) - word.end(), word.group()[::-1])
            for word in _NON_SPACE_RE.finditer(prefix[::-1])
        )
        run_start = h.start
        count, has_title = 0, False
        word = next(backwards, None)
        while word:
            start, token = word
            if token[-1] in ',;:()"”’' or (token.endswith(".") and token not in _ABBREVIATIONS):
                break  # punctuation ends the run
            lowered = token.lower()
            if lowered in _TITLE_RUN_STOP:
                break
            run_start = start
            count += 1
            has_title = has_title or lowered in TITLES_EN or lowered.split("-")[-1] in TITLES_EN
            word = next(backwards, None)
            before = word[1] if word else ""
            if (
                token[:1].isupper()
                and before[:1].islower()
                and before.lower() not in _TITLE_RUN_LINKS
            ):
                break  # "… of the school Ouhai District …": a new noun phrase starts here
        if count < _TITLE_RUN_MIN_WORDS or not has_title:
            return None
        title = target[run_start : h.start].rstrip()
        tail = target[h.end : h.end + 1]
        closing = "" if tail in (",", ".", ";", ":", ")", "") else ","
        fixed = f"{h.text}, {title[:1].lower() + title[1:]}{closing}"
        return self.flag(
            f"A long title stands before the name: write “{h.text}, {title[:1].lower()}"
            f"{title[1:]}, …” (name first, title after it).",
            source_span=(h.name.start, h.name.end),
            target_span=(run_start, h.end),
            fix=replace_span(target, run_start, h.end, fixed),
        )
