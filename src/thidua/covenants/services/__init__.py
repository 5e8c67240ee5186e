"""Writes of the covenants app, split by subject: plan, covenant (table and signing), registration.

Import from here: `from thidua.covenants import services; services.sign_covenant(...)`.
"""

from thidua.covenants.services.covenant import (
    add_criterion,
    add_group,
    add_score_line,
    create_covenant,
    create_covenant_from,
    create_covenant_from_template,
    move_criterion,
    move_group,
    new_covenant_version,
    parse_points,
    remove_criterion,
    remove_group,
    remove_score_line,
    renumber_covenant,
    update_covenant,
    update_criterion,
    update_group,
)
from thidua.covenants.services.excel import export_criteria_xlsx, import_criteria_xlsx
from thidua.covenants.services.plan import (
    add_plan_item,
    adopt_plan,
    comment_on_plan_item,
    create_plan,
    remove_plan_item,
    set_task_status,
    update_plan_item,
)
from thidua.covenants.services.registration import (
    PersonTargetInput,
    export_registrations_xlsx,
    import_registration_xlsx,
    registration_template_xlsx,
    set_registration_deadline,
    submit_registration,
)
from thidua.covenants.services.signing import (
    covenant_in_force_check,
    sign_covenant,
    sign_covenant_pdf,
    verify_covenant_pdf,
)

__all__ = [
    "PersonTargetInput",
    "add_criterion",
    "add_group",
    "add_plan_item",
    "add_score_line",
    "adopt_plan",
    "comment_on_plan_item",
    "covenant_in_force_check",
    "create_covenant",
    "create_covenant_from",
    "create_covenant_from_template",
    "create_plan",
    "export_criteria_xlsx",
    "export_registrations_xlsx",
    "import_criteria_xlsx",
    "import_registration_xlsx",
    "move_criterion",
    "move_group",
    "new_covenant_version",
    "parse_points",
    "registration_template_xlsx",
    "remove_criterion",
    "remove_group",
    "remove_plan_item",
    "remove_score_line",
    "renumber_covenant",
    "set_registration_deadline",
    "set_task_status",
    "sign_covenant",
    "sign_covenant_pdf",
    "submit_registration",
    "update_covenant",
    "update_criterion",
    "update_group",
    "update_plan_item",
    "verify_covenant_pdf",
]
