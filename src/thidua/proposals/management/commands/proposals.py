"""`thidua proposals …`: every step of the chain from the command line (thin: one service each).

Without `--as USERNAME` the command acts as the system (an operator's tool); with it, with that
account's permissions, exactly as its pages and API would.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from thidua.core.errors import DomainError


def _user(username: str | None) -> Any:
    if not username:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Không có tài khoản «{username}».")
    return user


def _date(value: str) -> datetime.date:
    try:
        day, month, year = (int(part) for part in value.split("/"))
        return datetime.date(year, month, day)
    except ValueError:
        raise CommandError(f"Ngày «{value}» phải viết dd/mm/yyyy.") from None


class Command(BaseCommand):
    help = "Hồ sơ đề nghị, phiên họp Hội đồng, quyết định khen thưởng (từng bước của quy trình)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="username", help="Thực hiện với quyền của tài khoản này")
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("dossiers", help="Liệt kê hồ sơ: mã, năm, trạng thái, tên")
        show = sub.add_parser("show", help="Một hồ sơ: đối tượng, điều kiện, lịch sử")
        show.add_argument("id", type=int)
        add = sub.add_parser("add-entry", help="Thêm một cá nhân hoặc tập thể vào hồ sơ")
        add.add_argument("id", type=int)
        add.add_argument("--person", type=int)
        add.add_argument("--unit", type=int)
        add.add_argument("--code", required=True)
        add.add_argument("--note", default="")
        decide = sub.add_parser("decide-entry", help="Ghi quyết định có lý do cho một đối tượng")
        decide.add_argument("entry", type=int)
        decide.add_argument("--decision", choices=["admit", "reject"], required=True)
        decide.add_argument("--reason", required=True)
        sub.add_parser("submit", help="Gửi (hoặc gửi lại) hồ sơ").add_argument("id", type=int)
        ret = sub.add_parser("return", help="Trả lại hồ sơ kèm lý do")
        ret.add_argument("id", type=int)
        ret.add_argument("--reason", required=True)
        sub.add_parser("council-agenda", help="Đưa mọi hồ sơ đã gửi vào chương trình").add_argument(
            "id", type=int
        )
        sub.add_parser("council-open", help="Mở biểu quyết; in mã của thành viên").add_argument(
            "id", type=int
        )
        sub.add_parser("council-close", help="Kết thúc biểu quyết, ghi kết quả").add_argument("id", type=int)
        minutes = sub.add_parser("council-minutes", help="Ghi kết luận vào biên bản")
        minutes.add_argument("id", type=int)
        minutes.add_argument("--text", required=True)
        prep = sub.add_parser("prepare-decision", help="Dự thảo quyết định từ hồ sơ")
        prep.add_argument("--body", required=True, help="Mã đơn vị ban hành (ví dụ BTNMT)")
        prep.add_argument("--issuer", required=True)
        prep.add_argument("--year", type=int, required=True)
        prep.add_argument("--subject", required=True)
        prep.add_argument("--symbol", required=True)
        prep.add_argument("--dossier", type=int, action="append", required=True)
        prep.add_argument("--grounds", default="")
        issue = sub.add_parser("issue", help="Ban hành quyết định và ghi sổ khen thưởng")
        issue.add_argument("id", type=int)
        issue.add_argument("--date", required=True, help="dd/mm/yyyy")
        issue.add_argument("--signer", required=True)
        issue.add_argument("--signer-title", required=True)
        issue.add_argument("--number", type=int)
        revoke = sub.add_parser("revoke", help="Thu hồi quyết định")
        revoke.add_argument("id", type=int)
        revoke.add_argument("--reason", required=True)
        revoke.add_argument("--basis", required=True)
        revoke.add_argument("--date", help="dd/mm/yyyy")
        year = sub.add_parser("year", help="Chuyển năm thi đua của cụm: proposed, decided, closed")
        year.add_argument("cluster", type=int)
        year.add_argument("year", type=int)
        year.add_argument("to_state", choices=["proposed", "decided", "closed"])
        pub = sub.add_parser("decisions", help="Quyết định đã công bố (tìm không dấu)")
        pub.add_argument("--q", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self._run(_user(options.get("username")), options)
        except DomainError as error:
            raise CommandError(error.message) from None

    def _run(self, actor: Any, o: dict[str, Any]) -> None:
        from thidua.organisations.models import Person, Unit
        from thidua.proposals import selectors, services
        from thidua.proposals.models import AwardDecision, CouncilSession, DossierEntry

        def dossier(pk: int) -> Any:
            return services.get_dossier(actor=actor, pk=pk) if actor else _get(services, pk)

        action = o["action"]
        if action == "dossiers":
            from thidua.proposals.models import Dossier

            rows = selectors.dossiers_visible_to(actor) if actor else Dossier.objects.all()
            for d in rows.order_by("pk"):
                self.stdout.write(f"{d.pk}\t{d.year}\t{d.state}\t{d.title}")
        elif action == "show":
            d = dossier(o["id"])
            self.stdout.write(f"{d.title} — {d.get_state_display()} ({d.sender.name} → {d.authority.name})")
            for e in d.entries.select_related("person", "unit"):
                self.stdout.write(f"  [{e.pk}] {e.subject_name}\t{e.code}\t{e.verdict}\t{e.decision or '-'}")
            for ev in selectors.history(d):
                self.stdout.write(f"  {timezone.localtime(ev.at):%d/%m/%Y %H:%M} {ev.to_state} {ev.reason}")
        elif action == "add-entry":
            subject = (
                Person.objects.filter(pk=o["person"]).first()
                if o["person"]
                else Unit.objects.filter(pk=o["unit"]).first()
            )
            if subject is None:
                raise CommandError("Cần --person hoặc --unit có trong sổ.")
            e = services.add_dossier_entry(
                actor=actor, dossier=dossier(o["id"]), subject=subject, code=o["code"], note=o["note"]
            )
            self.stdout.write(f"{e.pk}\t{e.verdict}")
        elif action == "decide-entry":
            entry = DossierEntry.objects.filter(pk=o["entry"]).first()
            if entry is None:
                raise CommandError("Không có đối tượng này.")
            services.record_entry_decision(
                actor=actor, entry=entry, decision=o["decision"], reason=o["reason"]
            )
            self.stdout.write("Đã ghi quyết định.")
        elif action == "submit":
            d = services.submit_dossier(actor=actor, dossier=dossier(o["id"]))
            self.stdout.write(f"Đã gửi hồ sơ {d.pk} (lần {d.submissions}).")
        elif action == "return":
            services.return_dossier(actor=actor, dossier=dossier(o["id"]), reason=o["reason"])
            self.stdout.write("Đã trả lại hồ sơ.")
        elif action.startswith("council-"):
            session = CouncilSession.objects.filter(pk=o["id"]).first()
            if session is None:
                raise CommandError("Không có phiên họp này.")
            if action == "council-agenda":
                added = services.add_submitted_to_agenda(actor=actor, session=session)
                self.stdout.write(f"Đã đưa {len(added)} hồ sơ vào chương trình.")
            elif action == "council-open":
                for label, credential in services.open_council_vote(actor=actor, session=session):
                    self.stdout.write(f"{label}\t{credential}")
            elif action == "council-close":
                services.close_council_vote(actor=actor, session=session)
                self.stdout.write("Đã kết thúc biểu quyết.")
            else:
                services.record_minutes(actor=actor, session=session, minutes=o["text"])
                self.stdout.write("Đã ghi biên bản.")
        elif action == "prepare-decision":
            body = Unit.objects.filter(code=o["body"]).first()
            if body is None:
                raise CommandError(f"Không có đơn vị mã «{o['body']}».")
            d = services.prepare_decision(
                actor=actor,
                body=body,
                issuer=o["issuer"],
                year=o["year"],
                subject_line=o["subject"],
                symbol=o["symbol"],
                dossiers=[dossier(pk) for pk in o["dossier"]],
                legal_grounds=o["grounds"],
            )
            self.stdout.write(f"{d.pk}\t{d.entries.count()} dòng")
        elif action in ("issue", "revoke"):
            decision = AwardDecision.objects.filter(pk=o["id"]).first()
            if decision is None:
                raise CommandError("Không có quyết định này.")
            if action == "issue":
                d = services.issue_decision(
                    actor=actor,
                    decision=decision,
                    issued_on=_date(o["date"]),
                    signer_name=o["signer"],
                    signer_title=o["signer_title"],
                    number=o["number"],
                )
                self.stdout.write(
                    f"Đã ban hành Quyết định số {d.full_number}; {d.entries.count()} mục vào sổ."
                )
            else:
                services.revoke_decision(
                    actor=actor,
                    decision=decision,
                    reason=o["reason"],
                    basis=o["basis"],
                    on=_date(o["date"]) if o["date"] else None,
                )
                self.stdout.write("Đã thu hồi quyết định.")
        elif action == "year":
            from thidua.clusters.models import EmulationYear

            ey = EmulationYear.objects.filter(cluster_id=o["cluster"], year=o["year"]).first()
            if ey is None:
                raise CommandError("Cụm chưa mở năm thi đua này.")
            step = {
                "proposed": services.mark_year_proposed,
                "decided": services.mark_year_decided,
                "closed": services.close_year,
            }
            ey = step[o["to_state"]](actor=actor, emulation_year=ey)
            self.stdout.write(f"Năm thi đua: {ey.get_state_display()}.")
        elif action == "decisions":
            for d in selectors.published_decisions(q=o["q"]):
                self.stdout.write(
                    f"{d.pk}\t{d.full_number}\t{d.issued_on:%d/%m/%Y}\t{d.state}\t{d.subject_line}"
                )


def _get(services: Any, pk: int) -> Any:
    from thidua.core.errors import NotFound
    from thidua.proposals.models import Dossier

    found = Dossier.objects.select_related("sender", "authority", "cluster").filter(pk=pk).first()
    if found is None:
        raise NotFound("Không tìm thấy hồ sơ.")
    return found
