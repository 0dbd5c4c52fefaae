from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from joinedup.api.models import ApiToken, token_digest
from joinedup.audit.actions import Action
from joinedup.audit.services import Actor, access_log_write
from joinedup.core.models import Organisation


def api_token_create(*, actor: Actor, organisation: Organisation, name: str) -> str:
    """Create a token for an organisation; returns the secret, which is never stored."""
    secret = ApiToken.new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            organisation=organisation, name=name, digest=token_digest(secret), prefix=secret[:10]
        )
        access_log_write(
            actor=actor,
            action=Action.API_TOKEN_CREATED,
            purpose="partner system access",
            detail={"token_id": token.pk, "organisation": organisation.name, "name": name},
        )
    return secret


def api_token_revoke(*, actor: Actor, token: ApiToken) -> None:
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        access_log_write(
            actor=actor,
            action=Action.API_TOKEN_REVOKED,
            purpose="partner system access",
            detail={"token_id": token.pk},
        )


def api_token_authenticate(secret: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("organisation")
        .filter(digest=token_digest(secret), revoked_at__isnull=True)
        .first()
    )
