"""Local authorities and the organisations (agencies) that send events and employ users."""

from __future__ import annotations

from django.db import models

from joinedup.core.vocabulary import AGENCIES


class LocalAuthority(models.Model):
    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """An agency's organisation: a hospital, a GP practice, a school, a police force..."""

    name = models.CharField(max_length=200, unique=True)
    agency = models.CharField(max_length=32, choices=list(AGENCIES.items()))
    authority = models.ForeignKey(
        LocalAuthority, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Whom a partner should call about a child (shown to partner agencies, CP-IS style).
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name

    @property
    def agency_label(self) -> str:
        return AGENCIES.get(self.agency, self.agency)
