"""`review-app serve`: options, the Streamlit command line and refused input (the browser test
starts a real server)."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_app.cli import build_parser, main
from review_app.commands.serve import APP_PATH, streamlit_command


def test_workspace_may_come_before_or_after_serve(tmp_path: Path):
    for argv in (
        ["--workspace", str(tmp_path), "serve"],
        ["serve", "--workspace", str(tmp_path), "--port", "8600"],
    ):
        args = build_parser().parse_args(argv)
        assert args.workspace == str(tmp_path)
    args = build_parser().parse_args(["serve"])
    assert (args.port, args.host) == (8501, "localhost")


def test_streamlit_runs_the_packaged_app_with_its_options_on_the_command_line(monkeypatch):
    monkeypatch.setenv("REVIEW_APP_MAX_FILE_MB", "12.5")
    command = streamlit_command("0.0.0.0", 8600)
    assert APP_PATH.is_file() and command[command.index("run") + 1] == str(APP_PATH)
    for option in (
        "--server.headless=true",
        "--browser.gatherUsageStats=false",
        "--server.address=0.0.0.0",
        "--server.port=8600",
        "--server.maxUploadSize=13",
    ):
        assert option in command


def test_bad_workspace_or_port_is_refused(tmp_path: Path, capsys):
    assert main(["--workspace", str(tmp_path / "missing"), "serve"]) == 2
    assert "is not a folder" in capsys.readouterr().err
    for port in ("70000", "http"):
        with pytest.raises(SystemExit) as exit_:
            main(["--workspace", str(tmp_path), "serve", "--port", port])
        assert exit_.value.code == 2
        assert "must be a number from 1 to 65535" in capsys.readouterr().err
