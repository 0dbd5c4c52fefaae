"""The signals app's writes, each kept in the module of its idea; import from those:

- `evaluation`: the rules evaluated after events or a merge commit, the catch-up, the sweep;
- `raising`: findings become signals, or evidence of signals already raised;
- `routing`: whom a signal goes to;
- `responses`: acknowledging and answering a signal, escalating one left unanswered;
- `notices`: notifications that are not signals;
- `flags`: the clinician's child protection check.

The names below stay importable from here for callers outside the app written before the split.
"""

from joinedup.signals.evaluation import (
    findings_for,
    on_merge_recorded,
    on_versions_recorded,
    signals_catch_up,
    signals_evaluate,
    signals_evaluate_merged,
    signals_evaluate_versions,
    signals_sweep,
)
from joinedup.signals.flags import Flags, flags_lookup
from joinedup.signals.notices import (
    notices_sent_from_elsewhere,
    notification_lookup,
    on_share_recorded,
)
from joinedup.signals.responses import signal_acknowledge, signal_respond, signals_escalate

__all__ = [
    "Flags",
    "findings_for",
    "flags_lookup",
    "notices_sent_from_elsewhere",
    "notification_lookup",
    "on_merge_recorded",
    "on_share_recorded",
    "on_versions_recorded",
    "signal_acknowledge",
    "signal_respond",
    "signals_catch_up",
    "signals_escalate",
    "signals_evaluate",
    "signals_evaluate_merged",
    "signals_evaluate_versions",
    "signals_sweep",
]
