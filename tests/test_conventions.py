"""Command-line conventions: --version, shell completion, --format csv and json on every
command that prints rows (read back with the csv and json modules), exit 0 when the
reader of the output leaves early (``| head -1``), and an example in every help text."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from actorkg import __version__
from actorkg.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)

# Commands that print rows, with arguments that find something in the bundled data, and
# a column and a value the CSV must hold.
ROWS = [
    (["ask", "Who supports Azerbaijan?"], "actor", "Russia"),  # one row per supporter and source
    (["ask", "Who supports Azerbaijan?", "--records"], "subject_label", "Russia"),  # one per statement
    (["supporters", "Azerbaijan"], "actor", "Turkey"),
    (["relation", "Russia", "Armenia"], "relation", "military presence"),
    (["dual-roles"], "A", "Russia"),
    (["commitments"], "ally", "Russia"),
    (["path", "Armenia", "Turkey"], None, "Turkey"),
    (["show", "Russia"], "section", "timeline"),
    (["query", "supporters-of", "-p", "actor=Azerbaijan"], "supporterLabel", "Russia"),
    (["actors"], "label", "Armenia"),
    (["queries"], "name", "dual-roles"),
]


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"actorkg {__version__}" and __version__


def test_shell_completion_is_offered(cli):
    result = cli("--help")
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
    script = subprocess.run([str(Path(sys.executable).with_name("actorkg")), "--show-completion", "bash"],
                            capture_output=True, text=True)
    assert script.returncode == 0, script.stderr
    assert "complete -o default -F _actorkg_completion actorkg" in script.stdout


@pytest.mark.parametrize("args, column, value", ROWS, ids=[" ".join(a[:2]) for a, _, _ in ROWS])
def test_rows_as_csv_and_json(args, column, value, cli):
    result = cli(*args, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows, result.stdout
    cells = [row[column] for row in rows] if column else [v for row in rows for v in row.values()]
    assert any(value in (cell or "") for cell in cells), (column, cells[:5])
    as_json = cli(*args, "--format", "json")
    assert as_json.exit_code == 0
    assert value in json.dumps(json.loads(as_json.stdout), ensure_ascii=False)


@pytest.mark.parametrize("args", [["export", "--format", "nt"], ["ask", "Does Russia support Armenia or Azerbaijan?"],
                                  ["show", "Russia"], ["query", "edges", "--format", "json"]],
                         ids=["export", "ask", "show", "query"])
def test_a_reader_that_leaves_early_is_no_error(args):
    """``actorkg ... | head -1``: the command exits 0, without a traceback."""
    process = subprocess.Popen([sys.executable, "-c", "from actorkg.cli import main; main()", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.read(64).strip()
    process.stdout.close()
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors.decode()
    assert b"Traceback" not in errors and b"BrokenPipe" not in errors


def test_a_large_output_into_a_closed_pipe_is_no_error():
    """The same through a real shell pipe, with output far larger than the pipe's buffer."""
    done = subprocess.run(["bash", "-c", f"set -o pipefail; '{sys.executable}' -c 'from actorkg.cli import main; main()' "
                                         "export --format nt | head -1"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize("name", COMMANDS)
def test_every_help_text_has_an_example(name, cli):
    result = cli(name, "--help")
    assert result.exit_code == 0
    example = " ".join(result.stdout.split("Example:", 1)[1].split("\n\n")[0].split())
    assert f"actorkg {name}" in example
