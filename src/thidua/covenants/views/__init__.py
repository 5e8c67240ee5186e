"""Pages of the emulation year, one module per subject: the year (`years`), its plan (`plan`), its
covenant (`covenant`, with the criteria table editor in `criteria`) and registrations
(`registrations`). Each write is its own URL and a `thidua.core.pages.page_action` view."""

from thidua.covenants.views.covenant import (
    covenant_import,
    covenant_new_version,
    covenant_page,
    covenant_settings,
    covenant_sign,
    covenant_start,
    criteria_export,
    signed_pdf,
)
from thidua.covenants.views.criteria import criteria_change, criteria_table
from thidua.covenants.views.plan import (
    plan_adopt,
    plan_comment,
    plan_create,
    plan_item_add,
    plan_item_remove,
    plan_page,
)
from thidua.covenants.views.registrations import (
    registration_deadline,
    registration_import,
    registration_submit,
    registration_template,
    registrations_export,
    registrations_page,
)
from thidua.covenants.views.years import (
    conference_photo,
    year_advance,
    year_detail,
    year_list,
    year_open,
    year_reopen,
)

__all__ = [
    "conference_photo",
    "covenant_import",
    "covenant_new_version",
    "covenant_page",
    "covenant_settings",
    "covenant_sign",
    "covenant_start",
    "criteria_change",
    "criteria_export",
    "criteria_table",
    "plan_adopt",
    "plan_comment",
    "plan_create",
    "plan_item_add",
    "plan_item_remove",
    "plan_page",
    "registration_deadline",
    "registration_import",
    "registration_submit",
    "registration_template",
    "registrations_export",
    "registrations_page",
    "signed_pdf",
    "year_advance",
    "year_detail",
    "year_list",
    "year_open",
    "year_reopen",
]
