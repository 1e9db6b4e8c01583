"""Each check on hand-written good and bad pairs (Weblate's CheckTestCase style), the registry,
dismissals, the risk score and `review-app check`."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import jieba.posseg
import pytest

from review_app.checks import (
    CATEGORIES,
    CHECKS,
    SEVERITIES,
    Flag,
    check_articles,
    risk_score,
    run_checks,
)
from review_app.checks.names import confirmed_names, tagged_words
from review_app.checks.terminology import rendering_key
from review_app.cli import main
from review_app.errors import InputError
from review_app.glossary import Glossary, GlossaryEntry, load_workspace_glossary
from review_app.model import Article, Segment, fingerprint
from review_app.store import ArticleStore

REPO = Path(__file__).resolve().parents[1]

GLOSSARY = Glossary(
    [
        GlossaryEntry("工会", "trade union", ("union",), ("labor union", "labour union")),
        GlossaryEntry("总工会", "Federation of Trade Unions", (), ("General Trade Union",), True),
        GlossaryEntry("党史", "Party history", (), (), True, domain="party"),
        GlossaryEntry(
            "学习强国", "Xuexi Qiangguo", (), ("learning to power the country",), True, kind="name"
        ),  # fmt: skip
        GlossaryEntry("职工之家", "Workers' Home", ("home for workers",), (), True),
        GlossaryEntry(
            "",
            "workers",
            (),
            ("the broad masses of workers",),
            kind="style",
            note="广大 is an intensifier",
        ),  # fmt: skip
        GlossaryEntry("广大青年", "young people", (), ("the majority of young people",),
                      kind="style"),
        GlossaryEntry("", "grassroots", (), ("grass-roots",), kind="style"),
        GlossaryEntry("基层医院", "primary-level hospital", ("grassroots hospital",)),
        GlossaryEntry("镇委", "township Party committee", ("township committee",),
                      ("the township committee",), True),
        GlossaryEntry("社区", "community", ("neighborhood",)),
        GlossaryEntry("主席", "chairman", ("chairwoman", "chair"), kind="title"),
    ]
)  # fmt: skip


def flags_for(
    source: str,
    target: str,
    *,
    only: str | None = None,
    neighbours: list[tuple[str, str]] = (),
    **segment: object,
) -> list[Flag]:
    """Flags of the first segment of an article built from (source, target) pairs."""
    pairs = [(source, target), *neighbours]
    segments = [
        Segment(id=f"s{i:04d}", source=s, target=t, draft=t, paragraph=i, **segment)
        for i, (s, t) in enumerate(pairs, start=1)
    ]
    results = run_checks(Article("a", "t", segments), GLOSSARY, only=[only] if only else None)
    return results["s0001"]


# (check id, source, bad target, corrected target or None when the check offers no fix,
#  good target that must raise nothing from that check)
CASES = [
    ("terminology.forbidden", "区工会召开会议。", "The district labor union held a meeting.",
     "The district trade union held a meeting.", "The district trade union held a meeting."),
    ("terminology.forbidden", "两个工会签约。", "Two Labor Unions signed.",
     "Two Trade Unions signed.", "Two unions signed."),
    ("terminology.missing", "工会召开会议。", "The association met.", None,
     "The union met."),
    ("terminology.case", "学习党史。", "They studied party history.",
     "They studied Party history.", "They studied Party history."),
    ("names.reversed", "区委书记张建国出席会议。", "District secretary Jianguo Zhang attended.",
     "District secretary Zhang Jianguo attended.", "District secretary Zhang Jianguo attended."),
    ("names.split", "会议由区教育局工会主席杜志平主持。", "The meeting was Du Chaired by Zhiping.",
     "The meeting was chaired by Du Zhiping.", "The meeting was chaired by Du Zhiping."),
    ("names.misspelled", "市长欧阳文主持会议。", "Mayor Ou Yangwen presided.",
     "Mayor Ouyang Wen presided.", "Mayor Ouyang Wen presided."),
    ("names.misspelled", "党员代表黄振宇发言。", "Huang Zhengyu spoke.", "Huang Zhenyu spoke.",
     "Huang Zhenyu spoke."),
    ("names.missing", "校长郑国平出席会议。", "The principal attended.", None,
     "Principal Zheng Guoping attended."),
    ("names.title-order", "副主任林建东到会。", "Lin Jiandong Director came.",
     "Director Lin Jiandong came.", "Lin Jiandong, the director, came."),
    ("numbers.mismatch", "会议有210名代表。", "The meeting had 120 delegates.",
     "The meeting had 210 delegates.", "The meeting had 210 delegates."),
    ("numbers.mismatch", "共筹集资金186.5万元。", "It raised 18.65 million yuan.",
     "It raised 1.865 million yuan.", "It raised 1.865 million yuan."),
    ("numbers.mismatch", "4月28日举行。", "It was held on April 18.",
     "It was held on April 28.", "It was held on April 28."),
    ("numbers.mismatch", "观看了第二集。", "They watched the third episode.",
     "They watched the second episode.", "They watched episode No. 2."),
    ("numbers.mismatch", "分四个专题开展学习。", "Study covers three topics.",
     "Study covers four topics.", "Study covers four topics."),
    ("numbers.mismatch", "占比达76.5%。", "They made up 67.5%.", "They made up 76.5%.",
     "They made up 76.5 percent."),
    ("numbers.approximation", "共120余人参加。", "A total of 120 people attended.",
     "A total of more than 120 people attended.", "Over 120 people attended."),
    ("numbers.approximation", "近8000人。", "There are 8,000 workers.",
     "There are nearly 8,000 workers.", "There are almost 8,000 workers."),
    ("punctuation.cjk", "他作《报告》。", "He gave the 《Work Report》 speech.",
     'He gave the "Work Report" speech.', 'He gave the "Work Report" speech.'),
    ("punctuation.cjk", "港务集团，发言。", "of the Port Group，spoke.",
     "of the Port Group, spoke.", "of the Port Group, spoke."),
    ("punctuation.double-space", "他说。", "He  said so.", "He said so.", "He said so."),
    ("punctuation.double-space", "他说。", "He\t\tsaid so.", "He said so.", "He said so."),
    ("punctuation.double-space", "他说。", "He\u00a0 said so.", "He said so.", "He said so."),
    ("punctuation.space-before", "他说。", "He said so\t, then left.", "He said so, then left.",
     "He said so, then left."),
    ("punctuation.cjk", "他说。", "“Plan”，spoke.", "“Plan”, spoke.", "“Plan”, spoke."),
    ("punctuation.space-before", "他说。", "He said so , then left .",
     "He said so, then left .", "He said so, then left."),
    ("punctuation.space-after", "他说。", 'The "Plan"was passed.', 'The "Plan" was passed.',
     'The "Plan" was passed, 1,100 votes to 3.'),
    ("punctuation.dash", "标题——副题", "Vice- Director Lin", "Vice-Director Lin",
     "Vice-Director Lin"),
    ("punctuation.unbalanced", "他说：“我会努力。”", 'He said: "I will try.',
     'He said: "I will try."', 'He said: "I will try."'),
    ("punctuation.end", "要努力建设城市！", "We must build the city", "We must build the city!",
     "We must build the city!"),
    ("punctuation.sentence-start", "要深化改革。", "we will deepen reform.",
     "We will deepen reform.", "We will deepen reform."),
    ("fluency.capitalised-word", "共120余人参加会议。", "In all, 120 more than People attended.",
     "In all, 120 more than people attended.", "The Municipal People's Hall was full."),
    ("fluency.capitalised-word", "他说。", "Issue No. 1: The meeting had People there.",
     "Issue No. 1: The meeting had people there.", "Issue No. 1: The meeting had people there."),
    ("fluency.capitalised-word", "林建东充分肯定。", "Lin Jiandong Director Fully affirmed it.",
     "Lin Jiandong Director fully affirmed it.", "Director Lin Jiandong fully affirmed it."),
    ("fluency.repeated-word", "选举产生了委员。", "It elected the the members.",
     "It elected the members.", "It elected the members."),
    ("fluency.repeated-word", "选举产生了委员。", "It elected The the members.",
     "It elected The members.", "It elected the members."),
    ("fluency.run-on", "许丽娟介绍了工作。她说很好。",
     "Xu Lijuan introduced the union she said it was good.",
     "Xu Lijuan introduced the union. She said it was good.",
     "Xu Lijuan introduced the union. She said that it was good."),
    ("fluency.fragment", "团结职工建功立业。",
     'They achieved the "two safeguards". And united workers.',
     'They achieved the "two safeguards", and united workers.',
     "They achieved it, and united workers."),
    ("fluency.calque", "广大职工。", "He greeted the broad masses of workers.",
     "He greeted workers.", "He greeted workers."),
    ("fluency.calque", "关心广大青年。", "They care for the majority of young people.",
     "They care for young people.", "They care for young people."),
    ("fluency.measure-word", "每年开展不少于6次安全培训。",
     "They hold no fewer than 6 times of safety training a year.", None,
     "They hold at least six safety training sessions a year."),
    ("fluency.measure-word", "产值是2010年的3倍。", "Output is 3 times of the 2010 level.",
     "Output is 3 times the 2010 level.", "Output is 3 times the 2010 level."),
    ("terminology.forbidden", "镇委书记出席。", "The secretary of the township committee came.",
     "The secretary of the township Party committee came.",
     "The secretary of the CPC Hexi Township Committee came."),
    ("fluency.long-sentence", "他说。", " ".join(["word"] * 60) + ".", None, "A short one."),
    ("completeness.untranslated", "参观了职工之家。", "They visited the 职工之家.",
     "They visited the Workers' Home.", "They visited the Workers' Home."),
    ("completeness.untranslated", "参观了校史馆。", "参观了校史馆。", None,
     "They visited the museum."),
]  # fmt: skip


@pytest.mark.parametrize(("check_id", "source", "bad", "fixed", "good"), CASES)
def test_check_flags_bad_and_passes_good(
    check_id: str, source: str, bad: str, fixed: str | None, good: str
) -> None:
    flags = [f for f in flags_for(source, bad) if f.check == check_id]
    assert flags, f"{check_id} missed {bad!r}"
    flag = flags[0]
    assert flag.category == CHECKS[check_id].category
    assert flag.message
    if flag.target_span is not None:
        start, end = flag.target_span
        assert 0 <= start < end <= len(bad)
    assert flag.fix == fixed
    assert not [f for f in flags_for(source, good) if f.check == check_id], good


def test_untranslated_empty_english() -> None:
    flags = flags_for("此外，区总工会设立24个驿站。", "", only="completeness.untranslated")
    assert [f.check for f in flags] == ["completeness.untranslated"]
    assert flags[0].source_span == (0, len("此外，区总工会设立24个驿站。"))


def test_english_of_unassigned_cjk_code_points_is_untranslated_not_a_crash() -> None:
    # U+FA6E lies in the CJK compatibility block but is no letter: no letters to divide by
    for english in ("\ufa6e", "\ufa6e\ufa6f。"):
        flags = flags_for("参观了校史馆。", english, only="completeness.untranslated")
        assert [f.message for f in flags] == ["The English is mostly Chinese text; translate it."]


def test_extra_content_is_deleted_and_cruft_gets_no_other_flags() -> None:
    flags = flags_for("", "Share on facebook")
    assert [(f.check, f.fix) for f in flags] == [("completeness.extra", "")]
    extra = flags_for("", "120 delegates attended the  meeting .")
    assert {f.check for f in extra} >= {"completeness.extra", "punctuation.double-space"}


def test_length_outliers() -> None:
    source = (
        "大会选举产生了区总工会第五届委员会委员三十一名，经费审查委员会委员七名，并通过了决议。"
    )
    short = flags_for(source, "The congress elected members.", only="completeness.length")
    assert short and "shorter" in short[0].message
    long = flags_for(source, "The congress elected members. " * 20, only="completeness.length")
    assert long and "longer" in long[0].message
    fine = "The congress elected 31 members of the committee and 7 members of the audit " + (
        "committee of the district federation, and adopted a resolution."
    )
    assert not flags_for(source, fine, only="completeness.length")


def test_low_alignment_confidence_is_information() -> None:
    flags = flags_for("他说。", "He said.", only="completeness", confidence=0.1)
    assert [(f.check, f.severity) for f in flags] == [("completeness.alignment", "info")]
    assert not flags_for("他说。", "He said.", only="completeness", confidence=0.9)


def test_month_alone_is_no_number_mismatch() -> None:
    assert not flags_for("3月召开会议。", "The meeting was held in March.", only="numbers")
    assert not flags_for("2024年5月16日", "May 16, 2024", only="numbers")
    assert not flags_for("2月2日至4日", "From February 2 to 4", only="numbers")
    assert not flags_for(
        "三会一课、五一劳动节、一线工人", "lessons, May Day, frontline", only="numbers"
    )


def test_numbers_too_long_for_a_float_still_match() -> None:
    digits = "9" * 400  # infinite as a float: equal, though their difference is not a number
    assert not flags_for(f"共有{digits}人参加。", f"{digits} people took part.", only="numbers")
    assert flags_for(f"共有{digits}人参加。", "999 people took part.", only="numbers")


def test_term_rendered_inconsistently_within_article() -> None:
    flags = flags_for(
        "社区开会。",
        "The community met.",
        neighbours=[
            ("社区讲话。", "The neighborhood spoke."),
            ("社区表态。", "The neighborhood agreed."),
        ],
        only="terminology.inconsistent",
    )
    assert [f.fix for f in flags] == ["The neighborhood met."]


def test_short_forms_titles_and_wrong_renderings_are_not_inconsistent() -> None:
    """“union” after “trade union” is a short form, “chairwoman” and “chairman” are two
    people, and a rendering the glossary forbids is `terminology.forbidden`'s business."""
    short = [("工会讲话。", "The trade union spoke."), ("工会表态。", "The trade union agreed.")]
    assert not flags_for("工会开会。", "The union met.", neighbours=short, only="terminology")
    titles = [("主席讲话。", "The chairman spoke."), ("主席表态。", "The chairman agreed.")]
    assert not flags_for("主席开会。", "The chairwoman met.", neighbours=titles,
                         only="terminology.inconsistent")  # fmt: skip
    committee = [("镇委讲话。", "The township Party committee spoke.")] * 2
    flags = flags_for("镇委开会。", "The township committee met.", neighbours=committee,
                      only="terminology")  # fmt: skip
    assert [f.check for f in flags] == ["terminology.forbidden"]


def test_rendering_key_ignores_case_plural_hyphen_and_gender() -> None:
    assert rendering_key("Trade Union Chairwomen") == rendering_key("trade union chairman")
    assert rendering_key("vice-chair") == rendering_key("vice chairperson")
    assert rendering_key("sister schools") != rendering_key("fraternal schools")


def test_style_rule_with_a_source_applies_only_where_the_chinese_has_it() -> None:
    """“The majority of” is a calque of the intensifier 广大 but right for 大多数."""
    target = "The majority of young people voted."
    assert [f.category for f in flags_for("广大青年投票。", target)] == ["fluency"]
    assert not flags_for("大多数青年投票。", target)


def test_term_a_style_fix_completes_is_not_also_missing() -> None:
    flags = flags_for("基层医院开诊。", "The grass-roots hospital opened.")
    assert [(f.check, f.fix) for f in flags] == [
        ("fluency.calque", "The grassroots hospital opened.")
    ]
    assert [f.check for f in flags_for("基层医院开诊。", "The clinic opened.")] == [
        "terminology.missing"
    ]


def test_forbidden_phrase_with_an_article_keeps_it_in_the_fix() -> None:
    flags = flags_for("镇委开会。", "The Township Committee met.", only="terminology.forbidden")
    assert [f.fix for f in flags] == ["The Township Party Committee met."]


TAGGING_SENTENCES = [
    "市委书记欧阳文华在会上讲话，副市长诸葛明主持。",
    "由区总工会主办的活动吸引了万人参加，共六十余人获奖。",
    "王伟作了报告，李娜和张建军出席。",
    "校党委副书记曾志强、工会主席单玉兰走访慰问了困难职工。",
]


@pytest.mark.parametrize("sentence", TAGGING_SENTENCES)
def test_fast_tagging_agrees_with_jieba_posseg(sentence: str) -> None:
    assert tagged_words(sentence) == [(p.word, p.flag) for p in jieba.posseg.dt.cut(sentence)]


def test_names_from_the_fast_tagging() -> None:
    assert confirmed_names(TAGGING_SENTENCES[0]) == {"欧阳文华", "诸葛明"}
    assert not confirmed_names(TAGGING_SENTENCES[1])  # 由区, 万人, 余人 are no names
    assert confirmed_names(TAGGING_SENTENCES[2]) >= {"王伟", "张建军"}


def test_common_words_tagged_as_names_are_not_names() -> None:
    """jieba's dictionary tags 幸福感 (sense of happiness) nr; 幸 is no common surname."""
    assert not flags_for("职工幸福感不断提升。", "Workers feel ever happier.", only="names")


def test_name_spelled_inconsistently_within_article() -> None:
    flags = flags_for(
        "校长王长青指出。",
        "Principal Wang Zhangqing said.",
        neighbours=[
            ("王长青强调。", "Wang Changqing stressed."),
            ("王长青说。", "Wang Changqing spoke."),
        ],
        only="names",
    )  # 长 reads chang or zhang: both are pinyin, one article must pick one
    assert [(f.check, f.fix) for f in flags] == [
        ("names.inconsistent", "Principal Wang Changqing said.")
    ]


def test_glossary_name_that_is_not_a_person() -> None:
    flags = flags_for("学习强国。", 'the "learning to power the country" app', only="names")
    assert not flags  # the forbidden rendering is the terminology check's business
    bad = flags_for("学习强国。", 'the "learning to power the country" app', only="terminology")
    assert [f.fix for f in bad] == ['the "Xuexi Qiangguo" app']


def test_registry_is_complete_and_consistent() -> None:
    assert set(CATEGORIES) == {c.category for c in CHECKS.values()}
    for check_id, check in CHECKS.items():
        assert check.check_id == check_id
        assert check.severity in SEVERITIES
        assert check_id.startswith(check.category + ".")
        assert check.description


def test_unknown_check_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown check"):
        flags_for("他说。", "He said.", only="numbers.nope")


def test_dismissal_holds_while_the_text_is_unchanged() -> None:
    target = "It elected the the members."
    seg = Segment("s0001", "选举了委员。", target, target, 1)
    seg.dismissed["fluency.repeated-word"] = fingerprint(target)
    article = Article("a", "t", [seg])
    assert not run_checks(article, GLOSSARY, only=["fluency"])["s0001"]
    kept = run_checks(article, GLOSSARY, only=["fluency"], include_dismissed=True)["s0001"]
    assert [f.dismissed for f in kept] == [True]
    seg.target = "It elected the the members again."
    assert run_checks(article, GLOSSARY, only=["fluency"])["s0001"]


def test_risk_score_orders_errors_first() -> None:
    def flag(severity: str, category: str = "numbers", dismissed: bool = False) -> Flag:
        return Flag("x.y", category, severity, "m", dismissed=dismissed)

    assert risk_score([]) == 0
    assert risk_score([flag("error")]) > risk_score([flag("warning"), flag("warning")])
    assert risk_score([flag("warning")]) > risk_score([flag("info"), flag("info")])
    assert risk_score([flag("error", dismissed=True)]) == 0
    mixed = [flag("warning"), flag("warning", "names")]
    assert risk_score(mixed) > risk_score([flag("warning"), flag("warning")])


def _workspace(tmp_path: Path, target: str) -> Path:
    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "glossary.csv").write_text(
        "source,target,variants,forbidden\n工会,trade union,union,labor union\n", encoding="utf-8"
    )
    seg = Segment("s0001", "区工会选举了210名代表。", target, target, 1)
    ArticleStore(tmp_path).create(Article("news", "t", [seg]))
    return tmp_path


def test_cli_json_and_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = _workspace(tmp_path, "The labor union elected 120 delegates.")
    assert main(["--workspace", str(ws), "check", "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert {r["check"] for r in rows} == {"terminology.forbidden", "numbers.mismatch"}
    assert all(
        list(r) == ["article", "segment", "check", "category", "severity", "message",
                    "source_span", "target_span", "fix", "source", "target"]
        for r in rows
    )  # fmt: skip
    numbers = next(r for r in rows if r["check"] == "numbers.mismatch")
    assert numbers["target_span"] == [24, 27]
    assert numbers["fix"] == "The labor union elected 210 delegates."
    assert main(["--workspace", str(ws), "check", "news", "--checks", "punctuation"]) == 0
    assert "0 flag(s)" in capsys.readouterr().out


def test_cli_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = _workspace(tmp_path, "The trade union elected 210 delegates.")
    assert main(["--workspace", str(ws), "check", "--checks", "bogus"]) == 2
    assert main(["--workspace", str(ws), "check", "missing-article"]) == 2
    with pytest.raises(SystemExit) as stop:
        main(["--workspace", str(ws), "check", "--min-severity", "fatal"])
    assert stop.value.code == 2
    assert main(["--workspace", str(ws), "check", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("article,segment,check")


def test_cli_parallel_check_reports_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ArticleStore(tmp_path)
    for n, target in enumerate(["The labor union met.", "It elected 120 delegates.", "Fine."]):
        seg = Segment("s0001", "区工会选举了210名代表。", target, target, 1)
        store.create(Article(f"news-{n}", "t", [seg]))
    command = ["--workspace", str(tmp_path), "check", "--format", "json"]
    serial = main([*command, "--jobs", "1"])
    serial_out = capsys.readouterr().out
    parallel = main([*command, "--jobs", "2"])
    assert (parallel, capsys.readouterr().out) == (serial, serial_out)
    default = main(command)  # one worker per core
    assert (default, capsys.readouterr().out) == (serial, serial_out)
    assert {r["article"] for r in json.loads(serial_out)} == {"news-0", "news-1", "news-2"}
    with pytest.raises(SystemExit) as stop:
        main(["--workspace", str(tmp_path), "check", "--jobs", "0"])
    assert stop.value.code == 2


def test_workers_that_read_their_own_articles_give_the_serial_result(tmp_path: Path) -> None:
    store = ArticleStore(tmp_path)
    for n, target in enumerate(["The labor union met.", "It elected 120 delegates.", "Fine."]):
        seg = Segment("s0001", "区工会选举了210名代表。", target, target, 1)
        store.create(Article(f"news-{n}", "t", [seg]))
    glossary = load_workspace_glossary(tmp_path)
    articles = [store.load(i) for i in store.ids()]
    serial = list(check_articles(articles, glossary))
    for jobs in (1, 2):
        read = list(check_articles(store.ids(), glossary, load=store.load, jobs=jobs))
        assert read == serial
    assert list(check_articles(articles, glossary, jobs=2)) == serial
    assert [a.id for a, _ in serial] == ["news-0", "news-1", "news-2"]
    assert any(flags for _, result in serial for flags in result.values())


def test_cli_parallel_check_of_a_malformed_article_exits_2_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ArticleStore(tmp_path)
    for n in range(3):
        seg = Segment("s0001", "区工会选举了210名代表。", "It met.", "It met.", 1)
        store.create(Article(f"news-{n}", "t", [seg]))
    store.path("news-1").write_text('msgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    assert main(["--workspace", str(tmp_path), "check", "--jobs", "2"]) == 2
    assert "news-1.po" in capsys.readouterr().err


def test_readme_lists_every_check() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for check_id, check in CHECKS.items():
        assert f"| `{check_id}` | {check.category} | {check.severity} |" in readme, check_id


@pytest.mark.parametrize(
    ("target", "index", "expected"),
    [
        ("Labor union members met.", 0, True),  # sentence start
        ('They signed the "Party building" deal.', 17, True),  # quotation start
        ("The Hexi Street union met.", 9, True),  # inside a capitalised name
        ("the base of the Chinese ethnic community", 16, False),  # capital of "Chinese" only
        ("It ended. Labor union members left.", 10, True),
        ("Met the Xi'an-based union", 20, True),  # a word runs over ' and -
        ("the union, Hexi - union", 18, True),  # "-" alone is trailing punctuation
        ("the 20th union", 9, False),  # first letter of "20th" is lower case
        ("Room 2024 union", 10, False),  # a number has no letter
        ("at Xi_2 -- union", 11, True),
        ("a " + "x" * 300 + "Y union", 304, False),  # the last word's first letter decides
    ],
)
def test_capital_expected_at(target, index, expected):
    from review_app.checks.base import capital_expected_at

    assert capital_expected_at(target, index) is expected


def test_mid_sentence_fix_keeps_the_glossary_case():
    from review_app.checks.base import match_case

    assert match_case("sense of community", "Chinese ethnic", capital_expected=False) == (
        "sense of community"
    )
    assert match_case("sense of community", "Chinese ethnic", capital_expected=True) == (
        "Sense of community"
    )
    assert match_case("trade union", "Labor Union") == "Trade Union"


def test_batch_run_gives_the_garbage_collector_back_as_it_was() -> None:
    articles = [
        Article(
            f"a{n}",
            "t",
            [Segment("s0001", "区工会选举了210名代表。", "The labor union met.", "", 1)],
        )
        for n in range(3)
    ]
    thresholds = gc.get_threshold()
    batch = check_articles(articles, Glossary([]))
    first_article, first_flags = next(batch)
    assert gc.get_freeze_count() > 0  # frozen while the batch runs
    assert gc.get_threshold()[0] > thresholds[0]
    rest = list(batch)
    assert gc.get_threshold() == thresholds
    assert gc.get_freeze_count() == 0
    assert [a.id for a, _ in [(first_article, first_flags), *rest]] == ["a0", "a1", "a2"]
    assert first_flags == run_checks(articles[0], Glossary([]))
