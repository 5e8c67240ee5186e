"""Voting sessions, their candidates and voters (who voted), and ballots (what was voted).

Secrecy by design (docs/voting.md, threat model): `Voter` and `Ballot` share no column but the
session. A ballot has a random UUID primary key, a random receipt code, no timestamp, no voter, no
credential and no request id; its table is rewritten in receipt order when the session closes so
that neither SQLite's rowid nor PostgreSQL's physical order keeps the order of casting. A voter row
records only *whether* (and how) that voter took part, never when.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from thidua.organisations.models import Person, Unit

from .enums import BallotSource, Disclosure, Participation, SessionKind, SessionState, ThresholdBase


class VotingSession(models.Model):
    kind = models.CharField(max_length=30, choices=SessionKind.choices)
    title = models.CharField(max_length=300)
    # a cluster's selection has its cluster and year; a council review its authority
    cluster = models.ForeignKey(
        "clusters.Cluster", null=True, blank=True, on_delete=models.PROTECT, related_name="voting_sessions"
    )
    authority = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="voting_sessions")
    year = models.PositiveSmallIntegerField()
    held_on = models.DateField(null=True, blank=True)
    place = models.CharField(max_length=255, blank=True)
    seats = models.PositiveSmallIntegerField(default=1)
    quorum_share = models.CharField(max_length=20, default="2/3")
    quorum_strict = models.BooleanField(default=False)
    threshold_share = models.CharField(max_length=20, default="50")
    threshold_base = models.CharField(max_length=10, choices=ThresholdBase.choices, default=ThresholdBase.ALL)
    threshold_strict = models.BooleanField(default=True)
    allow_blank = models.BooleanField(default=True)  # an abstention: a blank, valid ballot
    disclosure = models.CharField(max_length=12, choices=Disclosure.choices, default=Disclosure.FULL)
    state = models.CharField(max_length=10, choices=SessionState.choices, default=SessionState.DRAFT)
    short_code = models.CharField(max_length=8, unique=True)
    # rounds: a re-vote among those tied at the last seat is a child session
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="rounds")
    round_number = models.PositiveSmallIntegerField(default=1)
    present = models.PositiveIntegerField(null=True, blank=True)  # counted at close (roll call)
    # paper-ballot fallback, counted by the tally committee (per-candidate counts in PaperCount)
    paper_ballots = models.PositiveIntegerField(default=0)
    paper_invalid = models.PositiveIntegerField(default=0)
    paper_blank = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "title", "round_number", "id"]
        verbose_name = "phiên bỏ phiếu"
        verbose_name_plural = "phiên bỏ phiếu"

    def __str__(self) -> str:
        return self.title if self.round_number == 1 else f"{self.title} (vòng {self.round_number})"


class Candidate(models.Model):
    session = models.ForeignKey(VotingSession, on_delete=models.CASCADE, related_name="candidates")
    key = models.CharField(max_length=20)  # what a ballot stores ("c1", "c2", …)
    label = models.CharField(max_length=300)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=500, blank=True)  # ranking or dossier beside the name
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "key"], name="voting_candidate_key")]
        verbose_name = "ứng cử viên"
        verbose_name_plural = "ứng cử viên"

    def __str__(self) -> str:
        return self.label


class Voter(models.Model):
    """One member of the electorate: who may vote and *whether* they did — never what, never when."""

    session = models.ForeignKey(VotingSession, on_delete=models.CASCADE, related_name="voters")
    label = models.CharField(max_length=300)  # "Nguyễn Văn A — Sở TN&MT Hải Dương"
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # sha256 of the one-time credential; the credential itself is shown once and never stored
    credential_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    participation = models.CharField(
        max_length=12, choices=Participation.choices, default=Participation.NOT_YET
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "position", "id"]
        verbose_name = "cử tri"
        verbose_name_plural = "cử tri"

    def __str__(self) -> str:
        return self.label

    @property
    def has_voted(self) -> bool:
        return self.participation != Participation.NOT_YET


class Ballot(models.Model):
    """What was voted. Nothing here points at a voter: see the module docstring."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(VotingSession, on_delete=models.CASCADE, related_name="ballots")
    receipt = models.CharField(max_length=16)
    choices = models.JSONField(default=list)  # candidate keys
    invalid = models.BooleanField(default=False)
    source = models.CharField(max_length=12, choices=BallotSource.choices, default=BallotSource.ELECTRONIC)

    class Meta:
        ordering = ["session", "receipt"]  # the bulletin board's order: random, not the casting order
        constraints = [models.UniqueConstraint(fields=["session", "receipt"], name="voting_ballot_receipt")]
        verbose_name = "phiếu bầu"
        verbose_name_plural = "phiếu bầu"

    def __str__(self) -> str:
        return self.receipt


class PaperCount(models.Model):
    """Votes a candidate received on paper ballots, as counted by the tally committee."""

    session = models.ForeignKey(VotingSession, on_delete=models.CASCADE, related_name="paper_counts")
    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="paper_count")
    votes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "số phiếu giấy"
        verbose_name_plural = "số phiếu giấy"
