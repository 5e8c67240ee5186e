"""Issue 11's gaps: pickers on the proposal pages, the menu, a cluster member's read-only view of
its cluster's dossier, the issuing actor on the registry's entries, the decision PDF handed to the
certificates app for signing, the officers' list of a decision's certificates."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.factories import World, make_unit, make_user
from tests.proposals.conftest import cluster_dossier, ministry_decision, voted_council

from thidua.accounts.enums import Role
from thidua.awards.models import Conferral
from thidua.certificates import services as certificates
from thidua.core.models import AuditEntry
from thidua.core.rules import allows
from thidua.organisations.enums import UnitKind
from thidua.proposals import services
from thidua.proposals.enums import DossierState
from thidua.proposals.models import AwardDecision, CouncilSession, Dossier

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2019, 1, 18)


def _client(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _issued(world: World) -> AwardDecision:
    council = voted_council(world)
    decision = ministry_decision(world, council.dossier)
    return services.issue_decision(
        actor=world.ministry_officer,
        decision=decision,
        issued_on=ISSUED,
        signer_name="Trần Văn Ký",
        signer_title="BỘ TRƯỞNG",
    )


# --- the menu -------------------------------------------------------------------------------------


def test_menu_reaches_the_chain_for_each_persona(world: World) -> None:
    def nav(user: Any) -> str:
        html = _client(user).get(reverse("news:home")).content.decode()
        return html[html.index('class="main-nav"') : html.index("</nav>")]

    for user in (world.ministry_officer, world.council_member, world.member_officer, world.cluster_leader):
        links = nav(user)
        assert 'href="/khen-thuong/">Đề nghị khen thưởng</a>' in links, user.username
        assert 'href="/chung-nhan/">Bằng, giấy</a>' in links, user.username
    public = nav(None)
    assert 'href="/khen-thuong/cong-bo/">Quyết định khen thưởng</a>' in public
    assert 'href="/xac-minh/">Xác minh bằng</a>' in public
    assert "/chung-nhan/" not in public
    assert 'href="/khen-thuong/">' not in nav(world.outsider)


def test_chain_home_sends_officers_to_their_dossiers_and_others_to_the_register(world: World) -> None:
    assert _client(world.member_officer).get("/khen-thuong/")["Location"] == "/khen-thuong/ho-so/"
    assert _client(world.outsider).get("/khen-thuong/")["Location"] == "/khen-thuong/cong-bo/"
    assert _client().get("/khen-thuong/")["Location"] == "/khen-thuong/cong-bo/"


# --- pickers --------------------------------------------------------------------------------------


def test_new_dossier_picks_the_cluster_by_name_and_its_leader_sends_it(world: World) -> None:
    client = _client(world.cluster_leader)
    page = client.get(reverse("proposals:dossier_list")).content.decode()
    assert f'<option value="cluster:{world.cluster.pk}">{world.cluster.name}</option>' in page
    assert f'<option value="{world.ministry.pk}">{world.ministry.name}</option>' in page
    response = client.post(
        reverse("proposals:dossier_create"),
        {
            "origin": f"cluster:{world.cluster.pk}",
            "authority": world.ministry.pk,
            "year": 2018,
            "title": "Đề nghị khen thưởng năm 2018 của Cụm thi đua số 1",
        },
    )
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("proposals:dossier", args=[dossier.pk])
    assert (dossier.kind, dossier.sender, dossier.authority) == ("cluster", world.unit_a, world.ministry)


def test_new_dossier_refuses_a_cluster_year_without_a_leader_and_an_unknown_origin(world: World) -> None:
    client = _client(world.cluster_leader)
    response = client.post(
        reverse("proposals:dossier_create"),
        {
            "origin": f"cluster:{world.cluster.pk}",
            "authority": world.ministry.pk,
            "year": 2019,
            "title": "Hồ sơ",
        },
    )
    assert response.status_code == 422
    assert "Cụm thi đua số 1 chưa có trưởng cụm năm 2019" in response.content.decode()
    response = client.post(
        reverse("proposals:dossier_create"),
        {"origin": f"unit:{world.unit_c.pk}", "authority": world.ministry.pk, "year": 2018, "title": "Hồ sơ"},
    )
    assert response.status_code == 422
    assert "Hồ sơ của: Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert not Dossier.objects.exists()


def test_outsider_sees_no_creation_forms_and_cannot_create(world: World) -> None:
    client = _client(world.outsider)
    for name in ("proposals:dossier_list", "proposals:council_list", "proposals:decision_list"):
        page = client.get(reverse(name)).content.decode()
        assert "Lập hồ sơ mới" not in page
        assert "Tạo phiên họp</summary>" not in page
        assert "Dự thảo quyết định từ hồ sơ" not in page
    response = client.post(
        reverse("proposals:dossier_create"),
        {"origin": f"unit:{world.unit_b.pk}", "authority": world.unit_b.pk, "year": 2018, "title": "Hồ sơ"},
    )
    assert response.status_code == 422
    response = client.post(
        reverse("proposals:council_create"),
        {
            "authority": world.ministry.pk,
            "year": 2018,
            "title": "Phiên họp",
            "held_on": "10/01/2019",
            "chair": "A",
            "secretary": "B",
            "members": "C",
        },
    )
    assert response.status_code == 422
    response = client.post(
        reverse("proposals:decision_create"),
        {
            "body": world.ministry.pk,
            "issuer": "Bộ trưởng",
            "year": 2018,
            "subject_line": "Về việc",
            "symbol": "QĐ-BTN",
            "dossiers": [],
        },
    )
    assert response.status_code == 422
    assert not Dossier.objects.exists()
    assert not CouncilSession.objects.exists()
    assert not AwardDecision.objects.exists()


def test_entry_picker_lists_the_units_people_with_their_rating(world: World) -> None:
    from tests.proposals.conftest import good_person, own_dossier, weak_person

    good, weak = good_person(world), weak_person(world)
    dossier = own_dossier(world)
    client = _client(world.member_officer)
    page = client.get(reverse("proposals:dossier", args=[dossier.pk])).content.decode()
    assert (
        f'<option value="{good.pk}">Trần Thị Bình — {world.unit_b.name} (Hoàn thành tốt nhiệm vụ)</option>'
        in page
    )
    assert (
        f'<option value="{weak.pk}">Lê Văn Cường — {world.unit_b.name} (Không hoàn thành nhiệm vụ)</option>'
        in page
    )
    assert f'<option value="{world.unit_a.pk}">' not in page  # not below unit B
    narrowed = client.get(reverse("proposals:dossier", args=[dossier.pk]), {"q": "cuong"}).content.decode()
    assert f'<option value="{weak.pk}">' in narrowed
    assert f'<option value="{good.pk}">' not in narrowed
    response = client.post(
        reverse("proposals:entry_add", args=[dossier.pk]), {"person": good.pk, "code": "LDTT", "note": ""}
    )
    assert response.status_code == 302
    entry = dossier.entries.get()
    assert (entry.person, entry.code, entry.verdict) == (good, "LDTT", "eligible")


def test_decision_picks_its_dossiers_by_title(world: World) -> None:
    council = voted_council(world)
    client = _client(world.ministry_officer)
    page = client.get(reverse("proposals:decision_list")).content.decode()
    assert f'value="{council.dossier.pk}"' in page
    assert "Đề nghị khen thưởng năm 2018 của Cụm thi đua số 1 — " in page
    response = client.post(
        reverse("proposals:decision_create"),
        {
            "body": world.ministry.pk,
            "issuer": "Bộ trưởng Bộ Thử nghiệm",
            "year": 2018,
            "subject_line": "Về việc tặng Bằng khen năm 2018",
            "symbol": "QĐ-BTN",
            "dossiers": [council.dossier.pk],
            "legal_grounds": "Căn cứ Luật Thi đua, Khen thưởng;",
            "place": "",
        },
    )
    decision = AwardDecision.objects.get()
    assert response["Location"] == reverse("proposals:decision", args=[decision.pk])
    assert list(decision.dossiers.all()) == [council.dossier]
    assert decision.entries.get().unit == world.unit_a


# --- a cluster member's view ------------------------------------------------------------------------


def test_a_non_leading_member_follows_its_clusters_dossier_read_only(world: World) -> None:
    dossier = cluster_dossier(world)
    client = _client(world.member_officer)  # unit B: a member of Cụm 1 in 2018, not its leader
    assert dossier.pk in [d.pk for d in _listed(client)]
    page = client.get(reverse("proposals:dossier", args=[dossier.pk])).content.decode()
    assert "Đang lập" in page
    assert world.unit_a.name in page
    assert "Gửi hồ sơ đến" not in page
    assert "Bỏ khỏi hồ sơ" not in page
    response = client.post(reverse("proposals:dossier_submit", args=[dossier.pk]))
    assert response.status_code == 403
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DRAFT
    assert dossier.entries.count() == 1


def test_a_unit_outside_the_cluster_does_not_see_its_dossier(world: World) -> None:
    dossier = cluster_dossier(world)
    assert _client(world.outsider).get(reverse("proposals:dossier", args=[dossier.pk])).status_code == 404
    assert _listed(_client(world.outsider)) == []


def _listed(client: Client) -> list[Dossier]:
    return list(client.get(reverse("proposals:dossier_list")).context["dossiers"])


# --- the issuing actor, the decision's PDF, the certificates' list -------------------------------------


def test_registry_entries_written_by_a_decision_name_the_issuing_actor(world: World) -> None:
    decision = _issued(world)
    conferral = Conferral.objects.get(decision=decision.registry)
    for action, target in (
        ("awards.decision.create", decision.registry),
        ("awards.conferral.create", conferral),
    ):
        entry = AuditEntry.objects.get(action=action, object_id=str(target.pk))  # type: ignore[union-attr]
        assert entry.actor == world.ministry_officer, action
    services.revoke_decision(
        actor=world.ministry_officer,
        decision=decision,
        reason="Sai sót hồ sơ",
        basis="Quyết định số 9/QĐ-BTN",
    )
    revoked = AuditEntry.objects.get(action="awards.conferral.revoke", object_id=str(conferral.pk))
    assert revoked.actor == world.ministry_officer


def test_the_decision_signed_is_the_decision_as_issued(world: World) -> None:
    import io

    from pypdf import PdfReader

    decision = _issued(world)
    source, pdf = certificates.decision_pdf(decision.registry)  # type: ignore[arg-type]
    assert source == "award_decision"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Số: 1/QĐ-BTN" in text
    assert world.unit_a.name in text


def test_a_decision_entered_by_hand_falls_back_on_the_certificate_register(world: World) -> None:
    from thidua.awards import services as registry

    record = registry.record_decision(
        actor=None, number="7/QĐ-BTN", date=ISSUED, authority="Bộ trưởng Bộ Thử nghiệm"
    )
    assert certificates.decision_pdf(record)[0] == "certificate_register"


def test_decision_certificates_api_for_officers_only(world: World, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    decision = _issued(world)
    url = reverse("api:decision_certificates", args=[decision.pk])
    officer = _client(world.ministry_officer)
    before = officer.get(url).json()
    assert before["count"] == 1
    assert before["items"][0] | {"verify_url": None} == {
        "recipient": world.unit_a.name,
        "award": "Bằng khen của Bộ trưởng Bộ Thử nghiệm",
        "award_code": "BK_BO",
        "year": 2018,
        "code": None,
        "status": "valid",
        "content_hash": None,
        "revision": None,
        "verify_url": None,
        "file_url": None,
    }
    certificates.generate_certificates(actor=world.ministry_officer, decision=decision.registry)  # type: ignore[arg-type]
    item = officer.get(url).json()["items"][0]
    code = Conferral.objects.get(decision=decision.registry).certificate.display_code
    assert item["code"] == code
    assert item["file_url"] == f"/chung-nhan/in/{code}.pdf"
    assert item["verify_url"].endswith(f"/xac-minh/{code}/")
    assert _client(world.outsider).get(url).status_code == 403
    assert _client().get(url).status_code == 401
    assert officer.get(reverse("api:decision_certificates", args=[999999])).status_code == 404


# --- achievement reports ------------------------------------------------------------------------------


def test_achievement_reports_follow_the_decrees_forms_with_the_registry_filled_in(world: World) -> None:
    from tests.proposals.conftest import good_person, own_dossier

    from thidua.awards import services as registry
    from thidua.documents.registry import render
    from thidua.proposals.achievement import achievement_report

    person = good_person(world)
    earlier = registry.record_decision(
        actor=None, number="12/QĐ-STNMT", date=datetime.date(2018, 1, 20), authority="Giám đốc Sở Thử nghiệm"
    )
    registry.record_year(actor=None, subject=person, year=2017, rating="HTXSNV")
    registry.confer(actor=None, subject=person, year=2017, code="LDTT", decision=earlier)
    dossier = own_dossier(world)
    entry = services.add_dossier_entry(
        actor=world.member_officer,
        dossier=dossier,
        subject=person,
        code="LDTT",
        note="Hoàn thành 12/12 chỉ tiêu.",
    )
    document = achievement_report(entry.pk)
    text = repr(document)
    assert "Mẫu số 02 ban hành kèm theo Nghị định số 91/2017/NĐ-CP" in text  # an individual, year 2018
    assert "Họ và tên: Trần Thị Bình" in text
    assert "Hoàn thành 12/12 chỉ tiêu. Xếp loại: Hoàn thành tốt nhiệm vụ." in text
    assert "Quyết định số 12/QĐ-STNMT ngày 20/01/2018 của Giám đốc Sở Thử nghiệm" in text
    assert "citizen" not in text
    assert render(kind="achievement_report", object_id=entry.pk, fmt="pdf").startswith(b"%PDF-")
    assert render(kind="achievement_report", object_id=entry.pk, fmt="docx").startswith(b"PK")
    cluster = cluster_dossier(world)
    collective = repr(achievement_report(cluster.entries.get().pk))
    assert f"Tên tập thể đề nghị khen thưởng: {world.unit_a.name}" in collective
    assert "Mẫu số 01 ban hành kèm theo Nghị định số 91/2017/NĐ-CP" in collective
    client = _client(world.outsider)
    url = reverse("documents:download", args=["achievement_report", entry.pk, "pdf"])
    assert client.get(url).status_code in (403, 404)
    assert _client(world.member_officer).get(url)["Content-Type"] == "application/pdf"


def test_the_form_follows_the_law_of_the_achievement_year() -> None:
    from thidua.proposals.achievement import form_reference

    assert form_reference(collective=True, year=2024) == (
        "Mẫu số 02, Phụ lục I ban hành kèm theo Nghị định số 98/2023/NĐ-CP"
    )
    assert form_reference(collective=False, year=2025).startswith("Mẫu số 03, Phụ lục I")
    assert form_reference(collective=True, year=2023).startswith(
        "Mẫu số 01 ban hành kèm theo Nghị định số 91/2017"
    )


def test_dashboard_links_an_unprinted_decision_to_its_certificates(
    world: World, settings: Any, tmp_path: Any
) -> None:
    from thidua.core.dashboard import DashboardInput, tasks_for

    settings.MEDIA_ROOT = str(tmp_path)
    decision = _issued(world)

    def titles(user: Any) -> list[tuple[str, str]]:
        data = DashboardInput(user=user, unit_ids=frozenset(), roles=frozenset(), year=2018)
        return [(t.title, t.url) for t in tasks_for(data) if "bằng, giấy" in t.title]

    expected = (
        "Quyết định số 1/QĐ-BTN đã ban hành, chưa in đủ bằng, giấy chứng nhận",
        f"/chung-nhan/quyet-dinh/{decision.registry_id}/",
    )
    assert titles(world.ministry_officer) == [expected]
    assert titles(world.member_officer) == []
    assert titles(world.outsider) == []
    certificates.generate_certificates(actor=world.ministry_officer, decision=decision.registry)  # type: ignore[arg-type]
    assert titles(world.ministry_officer) == []


def test_certificates_of_a_decision_are_printed_and_signed_for_its_issuing_body(world: World) -> None:
    registry = _issued(world).registry
    stranger = make_user(
        "bokhac.thidua",
        (Role.MINISTRY_OFFICER, make_unit(code="BO2", name="Bộ Khác", kind=UnitKind.MINISTRY)),
    )
    assert allows(world.ministry_officer, "certificates.issue_certificates", registry)
    assert allows(world.ministry_officer, "certificates.sign_decision", registry)
    # a recipient's own unit officer reaches the recipients, yet acts for no issuing body here
    assert not allows(world.member_officer, "certificates.issue_certificates", registry)
    assert not allows(world.cluster_leader, "certificates.sign_decision", registry)
    assert not allows(stranger, "certificates.issue_certificates", registry)
    assert not allows(stranger, "certificates.sign_decision", registry)
