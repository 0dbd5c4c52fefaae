"""The fixed cast every test draws on: one borough, its agencies, and a user for each role.

Riverside is the borough. Its children's services employ the allocated social worker, a
colleague, the team manager and the front door; partner agencies employ a police officer, a
school's designated safeguarding lead and a health practitioner. The outsider is a social worker
in another authority: to them, Riverside's children do not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from joinedup.access.models import Profile
from joinedup.core.models import LocalAuthority, Organisation


@dataclass
class Cast:
    riverside: LocalAuthority
    elsewhere: LocalAuthority
    csc: Organisation
    hospital: Organisation
    police: Organisation
    school: Organisation
    other_csc: Organisation
    social_worker: User
    colleague: User
    team_manager: User
    front_door: User
    police_officer: User
    school_dsl: User
    health_practitioner: User
    auditor: User
    administrator: User
    outsider: User


PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Production hashing is slow on purpose; the tests sign in hundreds of times."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def _mail_catcher():
    """One local SMTP server (aiosmtpd) for the session: what JoinedUp sends, it keeps."""
    from joinedup.notify.catcher import catcher_start

    controller, caught = catcher_start()
    yield controller, caught
    controller.stop()


@pytest.fixture
def mail(_mail_catcher, settings):
    """Email on, over SMTP to the local catcher; the test reads what it received."""
    controller, caught = _mail_catcher
    caught.messages.clear()
    settings.EMAIL = "smtp"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    return caught


def make_user(username: str, role: str, organisation: Organisation, name: str) -> User:
    given, family = name.split(" ", 1)
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=given,
        last_name=family,
        email=f"{username}@riverside.example",
    )
    Profile.objects.create(user=user, role=role, organisation=organisation, phone="01632 960000")
    return user


@pytest.fixture
def cast(db) -> Cast:
    riverside = LocalAuthority.objects.create(code="RIV", name="Riverside")
    elsewhere = LocalAuthority.objects.create(code="ELS", name="Elsewhere")
    csc = Organisation.objects.create(
        name="Riverside Children's Services",
        agency="social_care",
        authority=riverside,
        contact_phone="01632 960123",
    )
    hospital = Organisation.objects.create(
        name="Riverside Hospital", agency="health", authority=riverside
    )
    police = Organisation.objects.create(
        name="Riverside Police", agency="police", authority=riverside
    )
    school = Organisation.objects.create(
        name="Kiln Street Primary School", agency="education", authority=riverside
    )
    other_csc = Organisation.objects.create(
        name="Elsewhere Children's Services", agency="social_care", authority=elsewhere
    )
    return Cast(
        riverside=riverside,
        elsewhere=elsewhere,
        csc=csc,
        hospital=hospital,
        police=police,
        school=school,
        other_csc=other_csc,
        social_worker=make_user("sw", "social_worker", csc, "Sam Okafor"),
        colleague=make_user("sw2", "social_worker", csc, "Priya Shah"),
        team_manager=make_user("tm", "team_manager", csc, "Jo Whitfield"),
        front_door=make_user("mash", "front_door", csc, "Alex Morgan"),
        police_officer=make_user("pc", "police_officer", police, "Dan Price"),
        school_dsl=make_user("dsl", "school_dsl", school, "Ruth Ellery"),
        health_practitioner=make_user("hv", "health_practitioner", hospital, "Nia Evans"),
        auditor=make_user("audit", "auditor", csc, "Kit Marlow"),
        administrator=make_user("admin", "administrator", csc, "Ade Bello"),
        outsider=make_user("out", "social_worker", other_csc, "Olu Grant"),
    )
