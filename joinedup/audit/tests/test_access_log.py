import pytest
from django.db import transaction

from joinedup.audit.models import AccessLogEntry
from joinedup.audit.services import Actor, access_log_verify, access_log_write

pytestmark = pytest.mark.django_db
ACTOR = Actor(label="test")


def write(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            access_log_write(actor=ACTOR, action="view_person", purpose=f"check {i}")


def test_it_chains_entries_so_the_log_verifies():
    write(3)
    assert access_log_verify() == (3, None)


def test_it_detects_an_altered_entry():
    write(3)
    middle = AccessLogEntry.objects.order_by("id")[1]
    AccessLogEntry.objects.filter(pk=middle.pk).update(purpose="nothing to see")
    assert access_log_verify() == (2, middle.pk)


def test_it_detects_a_removed_entry():
    write(3)
    AccessLogEntry.objects.filter(pk=AccessLogEntry.objects.order_by("id").last().pk).delete()  # type: ignore[union-attr]
    assert access_log_verify()[1] == -1


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_write_outside_a_transaction():
    with pytest.raises(RuntimeError):
        access_log_write(actor=ACTOR, action="x", purpose="y")
