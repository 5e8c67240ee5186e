"""A registry decision is identified by number, authority and year: a body numbers its documents
afresh every year (Decree 30/2020, Art. 15), so 12/QĐ-STNMT of 2024 and of 2025 are two decisions."""

from django.db import migrations, models
from django.db.models.functions import ExtractYear


def fill_year(apps, schema_editor):  # type: ignore[no-untyped-def]
    Decision = apps.get_model("awards", "Decision")
    Decision.objects.update(year=ExtractYear("date"))


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0005_eligibility_result_lean_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="year",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.RunPython(fill_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="decision",
            name="year",
            field=models.PositiveSmallIntegerField(editable=False),
        ),
        migrations.RemoveConstraint(
            model_name="decision",
            name="decision_number_per_authority",
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                fields=("number", "authority", "year"), name="decision_number_per_authority_year"
            ),
        ),
    ]
