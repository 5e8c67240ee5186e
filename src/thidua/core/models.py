"""Core models: the tamper-evident audit trail and job progress. No domain nouns live here."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEntry(models.Model):
    """Who did what to which record, when, with before/after data.

    Each entry stores the hash of the previous one and its own hash over its content, so editing
    or deleting a past entry breaks the chain (`thidua audit verify` finds where).
    """

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = "bản ghi nhật ký"
        verbose_name_plural = "nhật ký thao tác"

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label}: {self.action} {self.object_repr}"


class AuditChainHead(models.Model):
    """A single row locked while appending, so concurrent writers cannot fork the chain."""

    last_hash = models.CharField(max_length=64, default="0" * 64)


class JobProgress(models.Model):
    """Progress of a background job that a page polls and shows as a progress bar."""

    class State(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        RUNNING = "running", "Đang chạy"
        DONE = "done", "Hoàn thành"
        FAILED = "failed", "Thất bại"

    task_id = models.CharField(max_length=64, blank=True, db_index=True)
    label = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE)
    # The object the job works on ("app_label.model" and its key): people who may see that object may
    # see the job too, by the rule its app registers (core.jobs.register_job_subject).
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tiến độ tác vụ"
        verbose_name_plural = "tiến độ tác vụ"

    def __str__(self) -> str:
        return f"{self.label} ({self.get_state_display()})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0
