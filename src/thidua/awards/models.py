"""The award registry (sổ khen thưởng): catalogue, decisions, yearly records, conferred titles and
award forms, initiatives, rule-set parameters and stored batch results.

A subject is a person or a collective (a `Unit`): every subject-bearing row has exactly one of
`person` and `unit`, enforced by a check constraint.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.awards.enums import AuthorityLevel, Discipline, InitiativeScope, Rating, SubjectKind, Verdict
from thidua.organisations.models import Person, Unit

ONE_SUBJECT = (Q(person__isnull=False) & Q(unit__isnull=True)) | (
    Q(person__isnull=True) & Q(unit__isnull=False)
)


class CatalogueEntry(models.Model):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200)
    subject_kind = models.CharField(max_length=12, choices=SubjectKind.choices)
    authority_level = models.CharField(max_length=20, choices=AuthorityLevel.choices)
    legal_basis = models.CharField(max_length=300)
    # Multiple of the basic salary (Decree 152/2025 Arts. 50, 54); null where not verified.
    money_multiple = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    money_basis = models.CharField(max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["rank", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def money_label(self) -> str:
        if self.money_multiple is None:
            return "chưa xác minh"
        return f"{self.money_multiple.normalize():f}".replace(".", ",") + " lần lương cơ sở"


class Title(CatalogueEntry):
    """An emulation title (danh hiệu thi đua)."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = "danh hiệu thi đua"
        verbose_name_plural = "danh hiệu thi đua"


class AwardForm(CatalogueEntry):
    """An award form (hình thức khen thưởng); never the same thing as a title."""

    class Meta(CatalogueEntry.Meta):
        verbose_name = "hình thức khen thưởng"
        verbose_name_plural = "hình thức khen thưởng"


class Decision(models.Model):
    """A signed decision conferring titles or awards (quyết định khen thưởng).

    A body numbers its documents afresh every year (Decree 30/2020, Art. 15: from 01 on the first
    day of the year to 31 December), so number, authority and the year of the date identify one;
    `year` is that year, stored so the constraint holds on every engine."""

    number = models.CharField(max_length=60)
    date = models.DateField()
    year = models.PositiveSmallIntegerField(editable=False)
    authority = models.CharField(max_length=255)
    legal_basis = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "authority", "year"], name="decision_number_per_authority_year"
            )
        ]
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"

    def __str__(self) -> str:
        return f"Quyết định số {self.number} ngày {self.date:%d/%m/%Y} ({self.authority})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.year = self.date.year
        super().save(*args, **kwargs)


class YearRecord(models.Model):
    """One subject's registry line for one achievement year."""

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="year_records"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="year_records"
    )
    year = models.PositiveSmallIntegerField()
    rating = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    discipline = models.CharField(max_length=16, choices=Discipline.choices, blank=True)
    months_worked = models.PositiveSmallIntegerField(default=12)
    statutory_leave_months = models.PositiveSmallIntegerField(default=0)
    absence_days = models.PositiveSmallIntegerField(default=0)
    imported = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="year_record_one_subject"),
            models.UniqueConstraint(
                fields=["person", "year"], condition=Q(person__isnull=False), name="year_record_person_year"
            ),
            models.UniqueConstraint(
                fields=["unit", "year"], condition=Q(unit__isnull=False), name="year_record_unit_year"
            ),
            models.CheckConstraint(
                condition=Q(months_worked__lte=12) & Q(statutory_leave_months__lte=12),
                name="year_record_months",
            ),
        ]
        indexes = [models.Index(fields=["year", "person"]), models.Index(fields=["year", "unit"])]
        verbose_name = "bản ghi năm"
        verbose_name_plural = "bản ghi năm"

    def __str__(self) -> str:
        return f"{self.person or self.unit} – năm {self.year}"


class Conferral(models.Model):
    """A title or an award form held for an achievement year, from a decision or imported."""

    record = models.ForeignKey(YearRecord, on_delete=models.CASCADE, related_name="conferrals")
    title = models.ForeignKey(Title, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    award_form = models.ForeignKey(
        AwardForm, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="conferrals"
    )
    imported = models.BooleanField(default=False)
    # Achievement period stated in the decision (domain.md §2.3), when it differs from the year.
    period_from = models.PositiveSmallIntegerField(null=True, blank=True)
    period_to = models.PositiveSmallIntegerField(null=True, blank=True)
    used_for = models.CharField(max_length=30, blank=True)  # "CODE:YEAR" this achievement already earned
    revoked_on = models.DateField(null=True, blank=True)
    revocation_basis = models.CharField(max_length=255, blank=True)
    revocation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["record__year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(title__isnull=False) & Q(award_form__isnull=True))
                | (Q(title__isnull=True) & Q(award_form__isnull=False)),
                name="conferral_title_or_award",
            ),
            models.CheckConstraint(
                condition=Q(decision__isnull=False) | Q(imported=True), name="conferral_decision_or_imported"
            ),
            # One achievement is commended once (Law 06/2022, Art. 5): one active entry per code and year.
            models.UniqueConstraint(
                fields=["record", "title"],
                condition=Q(revoked_on__isnull=True),
                name="one_active_title_per_year",
            ),
            models.UniqueConstraint(
                fields=["record", "award_form"],
                condition=Q(revoked_on__isnull=True),
                name="one_active_award_per_year",
            ),
        ]
        verbose_name = "danh hiệu, hình thức khen thưởng đã nhận"
        verbose_name_plural = "danh hiệu, hình thức khen thưởng đã nhận"

    def __str__(self) -> str:
        return f"{self.code} {self.record.year}"

    @property
    def entry(self) -> CatalogueEntry:
        return self.title or self.award_form  # type: ignore[return-value]

    @property
    def code(self) -> str:
        return self.entry.code

    @property
    def is_title(self) -> bool:
        return self.title_id is not None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None


class Initiative(models.Model):
    """A recognised initiative (sáng kiến) or accepted science work, with what it already earned."""

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="initiatives"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="initiatives"
    )
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=300, blank=True)
    year = models.PositiveSmallIntegerField()
    scope = models.CharField(max_length=10, choices=InitiativeScope.choices)
    recognised_by = models.CharField(max_length=255, blank=True)
    used_for = models.CharField(max_length=30, blank=True)
    imported = models.BooleanField(default=False)

    class Meta:
        ordering = ["year", "code"]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="initiative_one_subject"),
            models.UniqueConstraint(
                fields=["person", "code"], condition=Q(person__isnull=False), name="initiative_person_code"
            ),
            models.UniqueConstraint(
                fields=["unit", "code"], condition=Q(unit__isnull=False), name="initiative_unit_code"
            ),
        ]
        indexes = [models.Index(fields=["year", "person"])]
        verbose_name = "sáng kiến"
        verbose_name_plural = "sáng kiến"

    def __str__(self) -> str:
        return f"{self.code} ({self.year})"


class RuleParameter(models.Model):
    """An administrator's value for one named engine parameter under one rule set."""

    rule_set = models.CharField(max_length=40)
    name = models.CharField(max_length=60)
    value = models.JSONField(null=True)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["rule_set", "name"]
        constraints = [models.UniqueConstraint(fields=["rule_set", "name"], name="rule_parameter_once")]
        verbose_name = "tham số bộ quy tắc"
        verbose_name_plural = "tham số bộ quy tắc"

    def __str__(self) -> str:
        return f"{self.rule_set}.{self.name}"


class EligibilityRun(models.Model):
    """One batch evaluation of the whole registry for a year."""

    year = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    subjects = models.PositiveIntegerField(default=0)
    results = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "lượt xét hàng loạt"
        verbose_name_plural = "lượt xét hàng loạt"

    def __str__(self) -> str:
        return f"Xét năm {self.year} ({self.started_at:%d/%m/%Y})"


class EligibilityOutcome(models.Model):
    """One distinct outcome of a run: a target's verdict, its rule set and each condition's met flag
    (None: not yet known). Thousands of people share each one, so a run stores each once."""

    run = models.ForeignKey(EligibilityRun, on_delete=models.CASCADE, related_name="outcomes")
    number = models.PositiveIntegerField()
    target = models.CharField(max_length=20)
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    rule_set = models.CharField(max_length=80)
    met = models.JSONField(default=dict)

    class Meta:
        ordering = ["run", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="eligibility_outcome_once")]
        verbose_name = "kết quả xét (dạng)"
        verbose_name_plural = "kết quả xét (dạng)"

    def __str__(self) -> str:
        return f"{self.target}: {self.verdict}"


OUTCOME_DIGITS = 6  # hexadecimal digits per outcome number: up to 16.7 million outcomes per run


def encode_outcomes(numbers: Sequence[int]) -> str:
    """A subject's outcome numbers as `EligibilityResult.outcomes` (one per target, fixed width)."""
    return "".join(format(n, f"0{OUTCOME_DIGITS}x") for n in numbers)


def decode_outcomes(text: str) -> list[int]:
    """The inverse of `encode_outcomes`."""
    return [int(text[i : i + OUTCOME_DIGITS], 16) for i in range(0, len(text), OUTCOME_DIGITS)]


class EligibilityResult(models.Model):
    """A subject's outcomes in a run, one per target: `outcomes` is the numbers of the run's
    `EligibilityOutcome` rows, `OUTCOME_DIGITS` hexadecimal digits each (`outcome_numbers`)."""

    # One row per subject and run (2 million at national scale), written with COPY: a fixed-width
    # text keeps the row narrow and lets the writer build every row of a block as one array.
    # Only the batch run writes these rows, from ids it has just read, and the ORM still cascades
    # deletes, so the database checks no foreign key of a person's row: at 200,000 rows the checks
    # cost 1.8 s of 2.9 s, and an index on the person alone 0.3 s more (deleting a person scans).
    # The run is found through (run, person); the unit indexes skip people's rows.
    run = models.ForeignKey(
        EligibilityRun,
        on_delete=models.CASCADE,
        related_name="result_rows",
        db_index=False,
        db_constraint=False,
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    outcomes = models.CharField(max_length=240)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=ONE_SUBJECT, name="eligibility_result_one_subject")]
        indexes = [
            models.Index(fields=["run", "person"]),
            models.Index(
                fields=["run", "unit"], condition=Q(unit__isnull=False), name="eligibility_result_run_unit"
            ),
            models.Index(fields=["unit"], condition=Q(unit__isnull=False), name="eligibility_result_unit"),
        ]
        verbose_name = "kết quả xét"
        verbose_name_plural = "kết quả xét"

    def __str__(self) -> str:
        return f"{self.run_id}: {self.outcomes}"

    def outcome_numbers(self) -> list[int]:
        return decode_outcomes(self.outcomes)
