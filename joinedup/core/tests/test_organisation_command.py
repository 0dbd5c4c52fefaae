"""`joinedup organisation`: how an operator registers who may send events."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from joinedup.core.models import Organisation

pytestmark = pytest.mark.django_db


def test_it_registers_an_authority_and_its_organisation(capsys):
    call_command("organisation", "authority-add", "NGT", "Northgate")
    call_command(
        "organisation", "add", "Northgate Hospital", "--agency", "health", "--authority", "NGT"
    )
    org = Organisation.objects.select_related("authority").get(name="Northgate Hospital")
    assert org.agency == "health" and org.authority is not None
    assert org.authority.code == "NGT"
    call_command("organisation", "list")
    assert "Northgate Hospital\thealth\tNGT" in capsys.readouterr().out


def test_it_refuses_an_unknown_authority_and_a_second_registration():
    with pytest.raises(CommandError, match="no local authority 'XXX'"):
        call_command(
            "organisation", "add", "A School", "--agency", "education", "--authority", "XXX"
        )
    call_command("organisation", "add", "A School", "--agency", "education")
    with pytest.raises(CommandError, match="already registered"):
        call_command("organisation", "add", "A School", "--agency", "education")
