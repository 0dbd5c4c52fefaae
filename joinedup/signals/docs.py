"""docs/signals.md, written from the rule registry the engine reads (`joinedup docs-signals`)."""

from __future__ import annotations

from joinedup.signals.rules import DUE, ROUTES, RULES

HOW_TO = """\
## How a signal is raised

- **Knowledge time.** Each rule is a pure function of what the partnership knew about one child
  at one moment (`Known` in `joinedup/signals/facts.py`): the child's current event entries with
  `reported_at` up to that moment, and the adults named with the child in them. The engine asks
  every rule at each moment knowledge changed (each `reported_at`); the first moment a pattern
  holds is its `raised_at`. For rules that fire when something did *not* happen, `raised_at` is
  the moment the deadline passed (midnight, London time, after the last working day allowed).
  So loading a year of history at once gives the same signals, on the same dates, as living
  through the year; evaluating again raises nothing new.
- **When.** Event rules run after the transaction that recorded the events commits
  (`chronology.hooks.on_events_recorded`), for the children the new versions touch, and for the
  children linked to an adult whose arrest, charge, conviction or probation notice arrived.
  Scheduled rules run in `joinedup signals evaluate --until DATE` (run it nightly; to replay
  history, run it once with the last date). It also catches up any events the hook missed, and
  escalates unanswered signals.
- **One signal per child and pattern.** A finding with the same `pattern_key`, or sharing one of
  the facts that make the pattern (the same injury, the same missed appointment), is the same
  signal: new evidence is attached to it (and an answered signal is opened again), never raised
  as a second. Each domestic abuse incident, each unscheduled attendance, each referral is its
  own pattern.
- **Merged records.** When two records turn out to be one child (ADR 0008), the child is
  evaluated over the events of every record merged into it, and again as soon as the merge is
  recorded (or by the next catch-up): a pattern only the records together show is raised then,
  on the survivor, dated when the facts were held. A signal raised on a record before the merge
  is the child's: it shows on the child's page and gains any new evidence, and the same pattern
  is not raised a second time. The allocation, authority and NHS number of any merged record
  count for routing and the clinician's lookup. An unmerge keeps every signal raised.
- **Probable identities (ADR 0022).** A record the matcher could neither link nor call new waits
  in the review queue. While it waits, the rules are also read over it and the record it may be
  (and the children named with either) as one: what they find that the records apart do not is
  raised now, marked "identity not confirmed" (`identity_confirmed: false` in `joinedup signals
  --json`), with the review item attached, routed as its rule says and, as well, to the front
  door and the allocated worker. It names the child as the held record does and shows the
  doubtful record's events the rule needs, not its name or page. The review item is then due by
  the end of the same working day (18:00, London), listed first in the queue, and the signal
  escalates to the managers if the item is not decided by then, answered or not. Linking the
  records makes it an ordinary signal; keeping them apart withdraws it with the decision's
  reason (`status: withdrawn` and `withdrawn.reason` in the listing). If the pattern is later
  found on confirmed records alone, it is an ordinary signal from then.
- **Routing.** The allocated social worker is the current `cases.Allocation`; the front door is
  every `front_door` user of the child's local authority; a school's DSL is every `school_dsl`
  user at the school (an organisation of the education agency) that last sent any event naming
  the child, in any role, on any of the child's records; while no school is known, the front
  door, and the school as well as soon as one is; the health visitor or GP is every
  `health_practitioner` user at the organisation that sent the events.
- **Email (ADR 0023).** Everyone a signal is routed or escalated to, and everyone a notification
  is for, is emailed once it is recorded: "a new safeguarding notice for you", a link to sign
  in, never whom it is about. A school's notice is emailed the moment the police incident is
  recorded, so the school has it before its next day starts (08:30).
- **Response.** Every signal is acknowledged and answered with a recorded response (action taken,
  or why none is needed). One working day after it is raised (or delivered, if later), an
  unanswered signal is escalated to the allocated worker's manager, or the team managers.
- **England working days.** `joinedup/core/calendar.py` computes bank holidays (fixed dates
  with substitute days, Easter by the computus, the May and August Mondays, and the proclaimed
  one-off and moved days).

## Adding a rule

1. Agree the rule in words with practitioners first: when it fires, for whom, whom it goes to,
   how soon they must answer. Add it to the signals spec if it is a contract change.
2. Write its function in its family's module in `joinedup/signals/rules/` (`health.py`,
   `injuries.py`, `adults.py`, `concerns.py`, `social_care.py`; words for its sentence in
   `words.py`): `def my_rule(known: Known, rule: Rule)` yielding a `Finding` for every pattern
   true of `known` (or, for a "nothing happened" rule,
   `def my_rule(facts: ChildFacts, until: datetime, rule: Rule)` yielding findings with the
   deadline as `raised_at`). Read only `known`; never the clock or the database. Give each
   finding a stable `pattern_key` (built from event ids, never from counters), its `key_facts`
   (what makes the pattern) and `context_facts` (what makes it matter), and a `sentence` a
   practitioner can read aloud.
3. Declare it once in `RULES` (`joinedup/signals/rules/__init__.py`): code, label,
   description, routes (from `ROUTES`), `Param`s for every number in it, `due`, and
   `evaluate=` (or `kind="scheduled"`, `sweep=`).
4. Write a timeline in `joinedup/signals/tests/timelines.py` where it must fire, with the day,
   and a quiet family where it must not; both run live and from history in
   `test_timelines.py`.
5. Run `joinedup docs-signals` and commit `docs/signals.md`; a test fails until you do. Add
   the `choices` migration (`joinedup makemigrations signals`).
6. Measure the noise (`joinedup signals-bench`) on the demo borough before switching it on.
"""


def signals_markdown() -> str:
    out = [
        "# Risk signals",
        "",
        "Generated by `joinedup docs-signals` from `joinedup/signals/rules/`, the declarations",
        "the engine, the command line and the rules page (`/signals/rules`) read. The contract is",
        "signals v1 (shared/spec/signals-v1.md). Do not edit by hand: a test fails when this file",
        "and the registry differ.",
        "",
        "A signal is a prompt for a professional's judgement; the system never decides about a",
        "family on its own.",
        "",
        "## Rules",
        "",
        "| rule | fires when | routed to | respond | parameters |",
        "|---|---|---|---|---|",
    ]
    for code, rule in RULES.items():
        params = "<br>".join(f"`{p.name}` = {p.value!s}: {p.meaning}" for p in rule.params)
        when = rule.description + (
            " *(scheduled: evaluated when the deadline passes)*" if rule.kind == "scheduled" else ""
        )
        out.append(
            f"| `{code}`<br>{rule.label} | {when} | {rule.routes_text} | {DUE[rule.due]} "
            f"| {params or '—'} |"
        )
    out += ["", "## Routes", ""]
    out += [f"- `{code}`: {text}" for code, text in ROUTES.items()]
    out += ["", HOW_TO]
    return "\n".join(out)
