import io
import json

import docx
import pytest

from review_app.cli import main
from review_app.errors import InputError
from review_app.evaluation import Score, gold_links, score_links, segment_links
from review_app.glossary import load_workspace_glossary
from review_app.importer import build_article, import_files
from review_app.store import ArticleStore
from review_app.textio import read_paragraphs
from tests.conftest import DATA, REPO, SOURCES, sample_ids


def _chars(texts):
    return sorted("".join("".join(texts).split()))


@pytest.mark.parametrize("article_id", sample_ids())
def test_nothing_is_lost_on_import(tmp_path, article_id):
    zh, en = SOURCES / f"{article_id}.zh.txt", SOURCES / f"{article_id}.en-mt.txt"
    store = ArticleStore(tmp_path)
    store.create(import_files(article_id, zh, en))
    article = store.load(article_id)
    assert _chars(s.source for s in article.segments) == _chars(read_paragraphs(zh))
    assert _chars(s.draft for s in article.segments) == _chars(read_paragraphs(en))
    assert [s.target for s in article.segments] == [s.draft for s in article.segments]
    # segments are in document order: paragraph numbers never go back
    paragraphs = [s.paragraph for s in article.segments]
    assert paragraphs == sorted(paragraphs)
    assert all(0.0 <= s.confidence <= 1.0 for s in article.segments)


def test_alignment_matches_gold(capsys):
    total = Score(0, 0, 0)
    glossary = load_workspace_glossary(REPO)
    for article_id in sample_ids():
        article = import_files(
            article_id,
            SOURCES / f"{article_id}.zh.txt",
            SOURCES / f"{article_id}.en-mt.txt",
            glossary=glossary,
        )
        score = score_links(
            segment_links(article.segments), gold_links(DATA / "gold" / f"{article_id}.json")
        )
        total += score
        print(f"{article_id}: P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f}")
    print(f"ALL: P={total.precision:.3f} R={total.recall:.3f} F1={total.f1:.3f}")
    assert total.gold > 100
    assert total.f1 >= 0.95


def test_web_cruft_is_kept_as_extra_content():
    article = import_files(
        "xjnu-union-visit",
        SOURCES / "xjnu-union-visit.zh.txt",
        SOURCES / "xjnu-union-visit.en-mt.txt",
    )
    extra = [s.draft for s in article.segments if s.is_extra]
    assert "Share on facebook" in extra
    assert any(d.startswith("HOME > News") for d in extra)


def test_paragraph_structure_survives():
    article = build_article(
        "p",
        ["第一段第一句。第一段第二句。", "第二段。"],
        ["Paragraph one, sentence one. Paragraph one, sentence two.", "Paragraph two."],
    )
    assert [(s.paragraph, s.draft) for s in article.segments] == [
        (0, "Paragraph one, sentence one."),
        (0, "Paragraph one, sentence two."),
        (1, "Paragraph two."),
    ]


def test_fused_draft_sentence_is_a_two_to_one_bead():
    article = build_article(
        "f",
        ["会议由区教育局工会主席杜志平主持。区委领导林建东到会指导。"],
        [
            "The meeting was chaired by Du Zhiping, chairman of the district education bureau "
            "trade union, Lin Jiandong of the district Party committee attended and gave guidance."
        ],
    )
    assert [s.bead for s in article.segments] == ["2:1"]


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b""), ("utf-16", b"")],
)
def test_encodings(tmp_path, encoding, bom):
    path = tmp_path / "zh.txt"
    path.write_bytes(bom + "区教育工会召开会议。\n\n大家参加。".encode(encoding))
    assert read_paragraphs(path) == ["区教育工会召开会议。", "大家参加。"]


def test_html_keeps_visible_paragraphs_only(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(
        "<html><head><title>T</title><style>p{}</style></head><body><h1>Head</h1>"
        "<p>One <b>bold</b> line.</p><script>alert(1)</script><div>Two<br>Three</div></body>",
        encoding="utf-8",
    )
    assert read_paragraphs(path) == ["Head", "One bold line.", "Two", "Three"]


def test_markdown(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# Title\n\nSome *soft*\nwrapped [link](http://x).\n\n- item\n", "utf-8")
    assert read_paragraphs(path) == ["Title", "Some soft wrapped link.", "item"]


def test_docx(tmp_path):
    document = docx.Document()
    document.add_paragraph("区教育工会召开会议。")
    document.add_paragraph("")
    document.add_paragraph("大家参加。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "表格一"
    table.cell(0, 1).text = "表格二"
    document.add_paragraph("最后一段。")
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "a.docx"
    path.write_bytes(buffer.getvalue())
    assert read_paragraphs(path) == [
        "区教育工会召开会议。",
        "大家参加。",
        "表格一",
        "表格二",
        "最后一段。",
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", bytes(range(256)) * 20, "cannot read"),
        ("x.pdf", b"%PDF-1.4", "unsupported file type"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "not a valid DOCX"),
    ],
)
def test_bad_inputs_are_clear_errors(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_paragraphs(path)


def test_huge_file_refused(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_bytes(("区教育工会召开会议。" * 700_000).encode())  # ~20 MB
    with pytest.raises(InputError, match="over the 5.0 MB limit"):
        read_paragraphs(path)
    monkeypatch.setenv("REVIEW_APP_MAX_FILE_MB", "0.001")
    small = tmp_path / "small.txt"
    small.write_bytes(b"x" * 2000)
    with pytest.raises(InputError, match="limit"):
        read_paragraphs(small)


@pytest.mark.parametrize(
    ("source", "draft", "message"),
    [
        (["English only."], ["English too."], "no Chinese"),
        (["中文。"], ["还是中文。"], "mostly Chinese"),
        (["中文" * 500 + "。"], ["Short."], "same article"),
    ],
)
def test_mismatched_articles_refused(source, draft, message):
    with pytest.raises(InputError, match=message):
        build_article("m", source, draft)


def test_cli_import_list_show_approve_edit(tmp_path, capsys):
    ws = ["--workspace", str(tmp_path)]
    zh, en = (
        SOURCES / "ouhai-education-union-2024.zh.txt",
        SOURCES / "ouhai-education-union-2024.en-mt.txt",
    )
    assert main([*ws, "import", str(zh), str(en), "--id", "ouhai", "--date", "2024-03-24"]) == 0
    assert main([*ws, "import", str(zh), str(en), "--id", "ouhai"]) == 2  # duplicate id
    assert "already exists" in capsys.readouterr().err
    assert main([*ws, "import", str(zh), str(en), "--id", "../x"]) == 2
    assert main([*ws, "list", "--format", "json"]) == 0
    capsys.readouterr()
    assert main([*ws, "list", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    count = listed[0]["segments"]
    assert listed[0]["id"] == "ouhai" and listed[0]["draft"] == count
    assert main([*ws, "edit", "ouhai", "s0002", "--text", "Fixed.", "--reviewer", "ann"]) == 0
    assert main([*ws, "approve", "ouhai", "s0001", "--reviewer", "ann"]) == 0
    assert main([*ws, "approve", "ouhai", "s9999"]) == 2
    article = ArticleStore(tmp_path).load("ouhai")
    assert article.segment("s0002").target == "Fixed."
    assert article.status_counts()["approved"] == 1
    assert main([*ws, "show", "ouhai"]) == 0
    assert "s0002" in capsys.readouterr().out
    assert main([*ws, "approve", "ouhai"]) == 0
    assert ArticleStore(tmp_path).load("ouhai").approved_share == 1.0
    assert main([*ws, "show", "missing"]) == 2


def test_table_output_aligns_chinese_columns():
    from review_app.commands.output import format_table

    lines = format_table([{"a": "工会", "b": "x"}, {"a": "ab", "b": "y"}], ["a", "b"]).splitlines()
    assert lines[2].index("x") == lines[3].index("y") - 2  # 工会: two characters, four columns


def test_mismatched_paragraph_counts_still_align_sentences():
    """The draft lost every paragraph break and gained a cruft line: sentences still pair up."""
    source = ["工会召开会议。", "主席杜志平讲话。", "会议表彰了12名先进个人。"]
    draft = [
        "The trade union held a meeting. Chairman Du Zhiping spoke. "
        "The meeting commended 12 advanced individuals.",
        "Share on WeChat",
    ]
    article = build_article("m", source, draft)
    pairs = [(s.source, s.draft, s.paragraph) for s in article.segments]
    assert pairs == [
        ("工会召开会议。", "The trade union held a meeting.", 0),
        ("主席杜志平讲话。", "Chairman Du Zhiping spoke.", 1),
        ("会议表彰了12名先进个人。", "The meeting commended 12 advanced individuals.", 2),
        ("", "Share on WeChat", 3),
    ]
