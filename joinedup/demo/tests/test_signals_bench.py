"""`joinedup signals-bench`: the demo's command measuring the signals on its borough."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command

import joinedup.signals


def test_it_measures_noise_latency_and_the_sweep_on_a_small_borough(db):
    out = io.StringIO()
    call_command("signals-bench", children=12, latency_events=4, sweep_children=20, stdout=out)

    text = out.getvalue()
    assert "## Noise: 12 children, 24 months" in text
    assert "| baseline: without signals |" in text
    assert "## Scheduled sweep: 20 children, every one on a plan" in text


def test_it_lives_in_the_demo_so_signals_never_imports_the_demo():
    signals = Path(joinedup.signals.__file__).parent
    importing = [
        str(path.relative_to(signals))
        for path in signals.rglob("*.py")
        if "joinedup.demo" in path.read_text(encoding="utf-8")
    ]
    assert importing == []
