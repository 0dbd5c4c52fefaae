"""Email notices: each person a signal goes to is told by email that something waits, never
what (ADR 0023). The tests read what a real local SMTP server (the `mail` fixture) received."""

from __future__ import annotations

import io

from django.core.management import call_command

from joinedup.notify.catcher import free_port
from joinedup.notify.models import Notice
from joinedup.signals.models import Signal
from joinedup.signals.responses import signals_escalate
from joinedup.signals.tests.probable_timelines import PARTNER_MISSPELT

# Everything the events say of the family: none of it may be in an email.
FAMILY_WORDS = ("Lily", "Marsh", "Gemma", "Connor", "Bryant", "Briant", "Kiln", "2019", "1990")


def _text(message) -> str:  # type: ignore[no-untyped-def]
    return f"{message['Subject']}\n{message.get_content()}"


def test_it_emails_the_front_door_that_a_signal_waits_and_nothing_of_the_child(
    db, cast, live, mail
):
    live(*PARTNER_MISSPELT)
    signals = list(Signal.objects.order_by("pk"))
    assert signals
    to_front_door = mail.to(cast.front_door.email)
    assert len(to_front_door) == len(signals)  # one email per signal routed to them
    for message in to_front_door:
        text = _text(message)
        assert "a new safeguarding notice" in text.lower()
        assert not [w for w in FAMILY_WORDS if w in text], text
    links = {f"/signals/{s.pk}" for s in signals}
    assert {next(link for link in links if link in _text(m)) for m in to_front_door} == links
    assert not mail.to(cast.school_dsl.email)  # only those it was routed to
    assert Notice.objects.filter(sent_at__isnull=False).count() == len(mail.messages)


def test_it_emails_the_manager_when_a_signal_is_escalated(
    db, cast, live, mail, django_capture_on_commit_callbacks
):
    live(*PARTNER_MISSPELT)
    mail.messages.clear()
    signal = Signal.objects.get(rule="risky_adult_linked")
    with django_capture_on_commit_callbacks(execute=True):
        assert signals_escalate(now=signal.escalate_at) >= 1
    [message] = [m for m in mail.to(cast.team_manager.email) if f"/signals/{signal.pk}" in _text(m)]
    assert "escalated" in _text(message)


def test_it_keeps_the_signal_and_records_why_when_the_mail_server_is_down(
    db, cast, live, mail, settings
):
    mail_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    live(*PARTNER_MISSPELT)
    assert Signal.objects.filter(rule="risky_adult_linked").exists()
    assert not mail.messages
    failed = Notice.objects.filter(user=cast.front_door)
    assert failed.exists()
    assert all(n.sent_at is None and "Connection" in n.error for n in failed)
    # The server is back: what waited is sent, once.
    settings.EMAIL_PORT = mail_port
    call_command("notices-send", stdout=io.StringIO())
    assert len(mail.to(cast.front_door.email)) == failed.count()
    call_command("notices-send", stdout=io.StringIO())
    assert len(mail.to(cast.front_door.email)) == failed.count()


def test_it_sends_nothing_while_email_is_off(db, cast, live, mail, settings):
    settings.EMAIL = "off"
    live(*PARTNER_MISSPELT)
    assert Signal.objects.exists()
    assert not mail.messages and not Notice.objects.exists()
