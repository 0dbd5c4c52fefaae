import itertools
from pathlib import Path

from django.conf import settings

from joinedup.cases.clocks import clocks
from joinedup.casework.docs import process_markdown
from joinedup.casework.process import STEPS


def test_it_keeps_docs_process_md_generated_from_the_declarations():
    written = (Path(settings.REPO_DIR) / "docs" / "process.md").read_text()
    assert written == process_markdown(), "run `joinedup docs-process` and commit docs/process.md"


def test_it_lists_every_step_and_clock_in_the_docs():
    text = process_markdown()
    assert all(f"| {step.label} |" in text for step in STEPS.values())
    assert all(f"`{clock.code}`" in text for clock in clocks())


def test_it_names_every_event_a_step_can_write():
    """Every event a step writes, for any combination of its choices, is in its row."""
    rows = {
        line.split(" | ")[0].removeprefix("| "): line for line in process_markdown().split("\n")
    }
    for step in STEPS.values():
        choices = [[(f.name, value) for value, _ in f.choices] for f in step.fields if f.choices]
        written = {step.event_type}
        for answers in itertools.product(*choices):
            written.update(code for code, _ in step.follows(dict(answers)))
        assert all(f"`{code}`" in rows[step.label] for code in written), step.code
