"""Permission rules of the certificates app (see thidua.core.rules).

Verifying a certificate is public (the page and the API ask no rule). Printing a decision's
certificates and signing its PDF act for the issuing body, so they are given to the officers who
reach every printed entry of the decision: a ministry's emulation officers for the decisions of
their Minister (their subtree and the member units of the clusters they oversee, never another
ministry's), a unit's officers and head for their own head's Giấy khen or CSTĐCS; administrators
always. Print layouts are shared by every body that prints on the same blank: officers of a
ministry and administrators change them.
"""

from __future__ import annotations

from typing import Any

from thidua.accounts.access import is_administrator
from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role
from thidua.certificates.selectors import certifiable_conferrals, may_see_certificates, reached_q
from thidua.core.rules import allows, rule

# Who prints and signs for an issuing body; the ministry's officers reach its clusters' members.
PRINTERS = (Role.MINISTRY_OFFICER, Role.MEMBER_OFFICER, Role.UNIT_HEAD)


def _reaches_every_entry(user: Any, decision: Any) -> bool:
    if decision is None or not has_role(user, *PRINTERS):
        return False
    entries = certifiable_conferrals(decision.pk)
    condition = reached_q(user, prefix="", roles=PRINTERS)
    return condition is not None and entries.exists() and not entries.exclude(condition).exists()


@rule("certificates.issue_certificates")
def can_issue_certificates(user: Any, decision: Any) -> bool:
    return is_administrator(user) or _reaches_every_entry(user, decision)


@rule("certificates.view_certificates")
def can_view_certificates(user: Any, _: Any = None) -> bool:
    """The officers' list of certificates and the statistics (each row filtered by reach)."""
    return may_see_certificates(user)


@rule("certificates.sign_decision")
def can_sign_decision(user: Any, decision: Any) -> bool:
    """The decision's PDF bears the body's seal: its ministry's officers, never a unit's."""
    if is_administrator(user):
        return True
    return has_role(user, Role.MINISTRY_OFFICER) and _reaches_every_entry(user, decision)


@rule("certificates.change_layout")
def can_change_layout(user: Any, _: Any) -> bool:
    return is_administrator(user) or has_role(user, Role.MINISTRY_OFFICER)


@rule("certificates.view_certificate")
def can_view_certificate(user: Any, certificate: Any) -> bool:
    """The printable file: whoever may read the subject's registry (the person themselves too)."""
    record = certificate.conferral.record
    subject = record.person if record.person_id else record.unit
    return allows(user, "awards.view_registry", subject)
