"""Permission rules of the certificates app (see thidua.core.rules).

Verifying a certificate is public (the page and the API ask no rule). Printing a decision's
certificates and signing its PDF act for the body that issued it: its emulation officers and its
head print (a ministry's officers the Minister's decisions, a department's officer its director's
Giấy khen), its head or a ministry's officers sign; never another body's officers, whoever the
recipients are. A decision entered by hand names no body (only its issuer's title, as text): for
it the officers who reach every printed entry print, and a ministry's officers among them sign.
Administrators always may. Print layouts are shared by every body that prints on the same blank:
officers of a ministry and administrators change them.
"""

from __future__ import annotations

from typing import Any

from thidua.accounts.access import is_administrator
from thidua.accounts.enums import Role
from thidua.accounts.selectors import has_role, has_role_over
from thidua.certificates.selectors import (
    certifiable_conferrals,
    issuing_body,
    may_see_certificates,
    reached_q,
)
from thidua.core.rules import allows, rule

# Who prints and signs for the issuing body (proposals' ISSUER_ROLES sign, its officers print).
PRINTERS = (Role.MINISTRY_OFFICER, Role.MEMBER_OFFICER, Role.UNIT_HEAD)
SIGNERS = (Role.MINISTRY_OFFICER, Role.UNIT_HEAD)


def _reaches_every_entry(user: Any, decision: Any) -> bool:
    if not has_role(user, *PRINTERS):
        return False
    entries = certifiable_conferrals(decision.pk)
    condition = reached_q(user, prefix="", roles=PRINTERS)
    return condition is not None and entries.exists() and not entries.exclude(condition).exists()


@rule("certificates.issue_certificates")
def can_issue_certificates(user: Any, decision: Any) -> bool:
    if is_administrator(user):
        return True
    if decision is None:
        return False
    body = issuing_body(decision)
    if body is not None:
        return has_role_over(user, body, *PRINTERS)
    return _reaches_every_entry(user, decision)


@rule("certificates.view_certificates")
def can_view_certificates(user: Any, _: Any = None) -> bool:
    """The officers' list of certificates and the statistics (each row filtered by reach)."""
    return may_see_certificates(user)


@rule("certificates.sign_decision")
def can_sign_decision(user: Any, decision: Any) -> bool:
    """The decision's PDF bears the issuing body's signature."""
    if is_administrator(user):
        return True
    if decision is None:
        return False
    body = issuing_body(decision)
    if body is not None:
        return has_role_over(user, body, *SIGNERS)
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
