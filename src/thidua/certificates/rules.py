"""Permission rules of the certificates app (see thidua.core.rules).

Verifying a certificate is public (the page and the API ask no rule). Printing a decision's
certificates and signing its PDF act for the issuing body: the ministry's officers (who issue the
decisions of the Minister) and administrators; a unit's officers and head print the certificates
of a decision whose every entry lies in their reach (their own head's Giấy khen, CSTĐCS). Print
layouts are shared by every body that prints on the same blank: officers of the ministry and
administrators change them.
"""

from __future__ import annotations

from typing import Any

from thidua.accounts.access import is_administrator
from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role
from thidua.certificates.selectors import certifiable_conferrals, may_see_certificates, reached_q
from thidua.core.rules import allows, rule

UNIT_WRITERS = (Role.MEMBER_OFFICER, Role.UNIT_HEAD)


@rule("certificates.issue_certificates")
def can_issue_certificates(user: Any, decision: Any) -> bool:
    if is_administrator(user) or has_role(user, Role.MINISTRY_OFFICER):
        return True
    if decision is None or not has_role(user, *UNIT_WRITERS):
        return False
    entries = certifiable_conferrals(decision.pk)
    condition = reached_q(user, prefix="", roles=UNIT_WRITERS)
    return condition is not None and entries.exists() and not entries.exclude(condition).exists()


@rule("certificates.view_certificates")
def can_view_certificates(user: Any, _: Any = None) -> bool:
    """The officers' list of certificates and the statistics (each row filtered by reach)."""
    return may_see_certificates(user)


@rule("certificates.sign_decision")
def can_sign_decision(user: Any, decision: Any) -> bool:
    return is_administrator(user) or has_role(user, Role.MINISTRY_OFFICER)


@rule("certificates.change_layout")
def can_change_layout(user: Any, _: Any) -> bool:
    return is_administrator(user) or has_role(user, Role.MINISTRY_OFFICER)


@rule("certificates.view_certificate")
def can_view_certificate(user: Any, certificate: Any) -> bool:
    """The printable file: whoever may read the subject's registry (the person themselves too)."""
    record = certificate.conferral.record
    subject = record.person if record.person_id else record.unit
    return allows(user, "awards.view_registry", subject)
