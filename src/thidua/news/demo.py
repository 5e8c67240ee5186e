"""Demo news: our own report of the 30/03/2018 conference of Cụm thi đua số 1 in Hải Dương city
(facts from the data and the 2018 report in `shared/seed/`, wording ours), the 2025 reorganisation,
one scheduled and one draft article, and one honour-board entry with recorded consent.

Photos are placeholders drawn with Pillow at load time (no picture is copied from anywhere)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from thidua.accounts.models import User
from thidua.clusters.models import Cluster, Conference
from thidua.news import services
from thidua.news.enums import ConsentMethod, HonourKind, HonourSource
from thidua.news.models import Article, Category, HonourEntry
from thidua.organisations.models import Unit

ORDER = 40

TZ = datetime.timezone(datetime.timedelta(hours=7))
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

CONFERENCE_2018 = services.ArticleInput(
    title="Cụm thi đua số 1 ký giao ước thi đua năm 2018 tại thành phố Hải Dương",
    summary=(
        "Ngày 30/3/2018, mười Sở Tài nguyên và Môi trường vùng đồng bằng sông Hồng thuộc Cụm thi đua số 1 "
        "của Bộ Tài nguyên và Môi trường họp tại thành phố Hải Dương, thông qua kế hoạch thi đua, khen thưởng "
        "và tuyên truyền năm 2018 và cùng ký giao ước thi đua."
    ),
    body=(
        "<p>Hội nghị do Sở Tài nguyên và Môi trường tỉnh Hải Dương đăng cai, quy tụ lãnh đạo các sở của "
        "Nam Định, Thái Bình, Hà Nội, Hà Nam, Ninh Bình, Hưng Yên, Hải Dương, Hải Phòng, Vĩnh Phúc và Bắc Ninh "
        "– mười thành viên của Cụm thi đua số 1.</p>"
        "<h2>Khách mời</h2>"
        "<ul><li>Ông Nguyễn Anh Cương, Phó Chủ tịch Ủy ban nhân dân tỉnh Hải Dương;</li>"
        "<li>Ông Vũ Minh Sơn, Vụ trưởng Vụ Thi đua, Khen thưởng và Tuyên truyền, Bộ Tài nguyên và Môi trường;</li>"
        "<li>Ông Lê Tuấn Định, Phó Giám đốc Sở Tài nguyên và Môi trường Hà Nội, đơn vị trưởng Cụm năm 2018.</li></ul>"
        "<h2>Nhìn lại năm 2017</h2>"
        "<p>Các sở điểm lại kết quả thực hiện nhiệm vụ năm 2017: tham mưu văn bản về tài nguyên và môi trường "
        "cho chính quyền địa phương, cải cách và đơn giản hóa thủ tục hành chính, thanh tra, giải quyết khiếu nại. "
        "Nhiều tập thể, cá nhân trong Cụm được Bộ trưởng tặng <strong>Bằng khen</strong> và "
        "<strong>Cờ thi đua</strong>.</p>"
        "<h2>Kế hoạch năm 2018</h2>"
        "<p>Thay mặt đơn vị trưởng Cụm, ông Lê Tuấn Định trình bày dự thảo kế hoạch. Sau khi thảo luận, các "
        "thành viên thống nhất thông qua, với các việc trọng tâm:</p>"
        "<ol><li>hưởng ứng phong trào thi đua yêu nước của ngành, giữ kỷ luật, kỷ cương;</li>"
        "<li>thi đua đẩy mạnh cải cách hành chính;</li>"
        "<li>xây dựng tổ chức Đảng, chính quyền, đoàn thể vững mạnh;</li>"
        "<li>làm tốt công tác thi đua, khen thưởng năm 2018.</li></ol>"
        "<h2>Ký giao ước</h2>"
        "<p>Kết thúc hội nghị, lãnh đạo mười sở ký giao ước thi đua năm 2018 với chủ đề <em>«Kỷ cương, liêm "
        "chính, hành động, sáng tạo, hiệu quả trong quản lý, sử dụng tài nguyên, bảo vệ môi trường và thích ứng "
        "với biến đổi khí hậu»</em>.</p>"
    ),
    tag_names=["Cụm thi đua số 1", "Giao ước thi đua", "Hải Dương"],
    byline="Ban biên tập",
    year=2018,
)

REORGANISATION_2025 = services.ArticleInput(
    title="Từ 01/3/2025, Sở Tài nguyên và Môi trường hợp nhất thành Sở Nông nghiệp và Môi trường",
    summary=(
        "Cùng với việc hợp nhất hai bộ thành Bộ Nông nghiệp và Môi trường, ở mỗi tỉnh, thành phố, Sở Tài nguyên "
        "và Môi trường và Sở Nông nghiệp và Phát triển nông thôn hợp nhất thành Sở Nông nghiệp và Môi trường."
    ),
    body=(
        "<p>Từ ngày 01/3/2025, Bộ Tài nguyên và Môi trường và Bộ Nông nghiệp và Phát triển nông thôn hợp nhất "
        "thành <strong>Bộ Nông nghiệp và Môi trường</strong>. Ở địa phương, hai sở tương ứng cũng hợp nhất thành "
        "Sở Nông nghiệp và Môi trường.</p>"
        "<h2>Lịch sử thi đua không mất đi</h2>"
        "<p>Trong thidua, mỗi lần sáp nhập được ghi thành một sự kiện có ngày và văn bản căn cứ. Danh hiệu, "
        "hình thức khen thưởng và kết quả chấm điểm của các sở cũ vẫn tra cứu được, và chỉ ra đơn vị kế thừa.</p>"
        "<h2>Sau ngày 01/7/2025</h2>"
        "<p>Khi 63 tỉnh, thành phố sắp xếp lại thành 34, các sở của những tỉnh hợp nhất tiếp tục hợp nhất theo. "
        "Chẳng hạn, sở của Hải Dương nay thuộc thành phố Hải Phòng.</p>"
    ),
    tag_names=["Sắp xếp tổ chức", "Sở Nông nghiệp và Môi trường"],
    byline="Ban biên tập",
    year=2025,
)

GUIDE = services.ArticleInput(
    title="Hướng dẫn: tìm tin bài không cần gõ dấu và nghe đọc bài",
    summary="Cổng tin thidua tìm được tin bài khi gõ không dấu, cho phép phóng to chữ và đọc bài thành tiếng.",
    body=(
        "<p>Gõ <em>hai duong</em> vào ô tìm kiếm là ra các tin có chữ <em>Hải Dương</em>.</p>"
        "<p>Trên trang tin bài, các nút <strong>A−</strong>, <strong>A</strong>, <strong>A+</strong> đổi cỡ chữ; "
        "trình duyệt nhớ lựa chọn cho lần sau. Nút <strong>Đọc bài viết</strong> dùng giọng tiếng Việt của "
        "trình duyệt nếu có, nếu không thì phát âm thanh do máy chủ tạo.</p>"
    ),
    tag_names=["Hướng dẫn"],
    byline="Ban biên tập",
)

SCHEDULED = services.ArticleInput(
    title="Thông báo: tổng kết phong trào thi đua năm nay (hẹn giờ đăng)",
    summary="Tin này được hẹn giờ đăng sau một tuần: công chúng chưa thấy cho đến lúc đó.",
    body="<p>Nội dung sẽ được cập nhật trước ngày đăng.</p>",
    tag_names=["Thông báo"],
)


def placeholder_png(text: str, *, colour: tuple[int, int, int]) -> bytes:
    """A simple picture saying what a real photo would show."""
    image = Image.new("RGB", (960, 540), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, 936, 516), outline=(242, 194, 48), width=8)
    font: Any = ImageFont.truetype(str(FONT), 34) if FONT.exists() else ImageFont.load_default()
    y = 200
    for line in text.split("\n"):
        draw.text((60, y), line, fill=(255, 255, 255), font=font)
        y += 52
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _category(name: str) -> Category:
    return Category.objects.filter(name=name).first() or services.create_category(actor=None, name=name)


def _publish(article: Article, when: datetime.datetime) -> None:
    services.submit_article_for_review(actor=None, article=article)
    services.publish_article(actor=None, article=article, published_at=when)


def load_demo(*, stdout: Any) -> None:
    monre = Unit.objects.get(code="BTNMT")
    mae = Unit.objects.filter(code="BNNMT").first() or monre
    editor = User.objects.filter(username="bientap").first()
    activities = _category("Hoạt động các cụm thi đua")
    organisation = _category("Tổ chức bộ máy")
    guides = _category("Hướng dẫn")
    cluster = Cluster.objects.filter(authority=monre, number=1).first()
    conference = Conference.objects.filter(cluster=cluster, date=datetime.date(2018, 3, 30)).first()

    if not Article.objects.filter(title=CONFERENCE_2018.title).exists():
        data = services.ArticleInput(
            **{
                **CONFERENCE_2018.__dict__,
                "category": activities,
                "cluster": cluster,
                "conference": conference,
            }
        )
        article = services.create_article(actor=None, unit=monre, data=data)
        Article.objects.filter(pk=article.pk).update(author=editor)
        services.add_article_image(
            actor=None,
            article=article,
            data=placeholder_png(
                "Ảnh minh họa\nPhó Giám đốc Sở TN&MT Hà Nội\ntrình bày dự thảo kế hoạch 2018",
                colour=(163, 22, 26),
            ),
            caption="Phó Giám đốc Sở Tài nguyên và Môi trường Hà Nội Lê Tuấn Định trình bày dự thảo kế hoạch năm 2018 của Cụm (ảnh minh họa).",
            credit="Ban biên tập thidua",
        )
        services.add_article_image(
            actor=None,
            article=article,
            data=placeholder_png(
                "Ảnh minh họa\nLãnh đạo mười sở\nký giao ước thi đua năm 2018", colour=(11, 79, 156)
            ),
            caption="Lãnh đạo mười Sở Tài nguyên và Môi trường trong Cụm ký giao ước thi đua năm 2018 (ảnh minh họa).",
            credit="Ban biên tập thidua",
        )
        _publish(article, datetime.datetime(2018, 3, 30, 16, 0, tzinfo=TZ))

    if not Article.objects.filter(title=REORGANISATION_2025.title).exists():
        data = services.ArticleInput(**{**REORGANISATION_2025.__dict__, "category": organisation})
        article = services.create_article(actor=None, unit=mae, data=data)
        _publish(article, datetime.datetime(2025, 3, 1, 8, 0, tzinfo=TZ))

    if not Article.objects.filter(title=GUIDE.title).exists():
        article = services.create_article(
            actor=None, unit=mae, data=services.ArticleInput(**{**GUIDE.__dict__, "category": guides})
        )
        _publish(article, timezone.now())

    if not Article.objects.filter(title=SCHEDULED.title).exists():
        article = services.create_article(actor=None, unit=mae, data=SCHEDULED)
        _publish(article, timezone.now() + datetime.timedelta(days=7))

    # Four-eyes in the demo: the editor's correction of the 2018 article waits for the head of the
    # editorial board (truongbientap), who sees it on /bien-tap/ with the comparison.
    first = Article.objects.filter(title=CONFERENCE_2018.title).first()
    if (
        editor is not None
        and first is not None
        and not first.revisions.exclude(state="applied").exists()
        and not first.tags.filter(name="Hà Nội").exists()  # approved already (a re-run of the demo)
    ):
        services.update_article(
            actor=editor,
            article=first,
            data=services.ArticleInput(
                **{
                    **CONFERENCE_2018.__dict__,
                    "tag_names": [*CONFERENCE_2018.tag_names, "Hà Nội"],
                    "byline": "Ban biên tập thidua",
                    "category": first.category,
                    "cluster": first.cluster,
                    "conference": first.conference,
                }
            ),
        )

    if conference is not None and not Article.objects.filter(conference=conference, status="draft").exists():
        services.draft_article_from_conference(actor=None, conference=conference)

    hanoi = Unit.objects.filter(code="STNMT-HN").first()
    if hanoi is not None and not HonourEntry.objects.filter(unit=hanoi, year=2018).exists():
        entry = services.create_honour_entry(
            actor=None,
            kind=HonourKind.COLLECTIVE,
            display_name="Sở Tài nguyên và Môi trường thành phố Hà Nội",
            unit=hanoi,
            year=2018,
            achievement=(
                "Đơn vị trưởng Cụm thi đua số 1 năm 2018: xây dựng và trình bày kế hoạch thi đua, khen thưởng và "
                "tuyên truyền năm 2018 của Cụm, được mười thành viên thông qua tại hội nghị ngày 30/3/2018 "
                "(nội dung minh họa)."
            ),
            source=HonourSource.EDITOR,
        )
        services.record_honour_consent(
            actor=None,
            entry=entry,
            given_by="Lãnh đạo Sở Tài nguyên và Môi trường thành phố Hà Nội",
            given_on=datetime.date(2018, 4, 10),
            method=ConsentMethod.UNIT_DECISION,
            note="Công văn đồng ý nêu gương (minh họa).",
        )
        services.publish_honour_entry(actor=None, entry=entry)
    stdout.write(f"    {Article.objects.count()} tin bài, {HonourEntry.objects.count()} gương điển hình")
