"""Read-aloud audio: espeak-ng generates a WAV once per published version, as a background job."""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile

from thidua.core.jobs import enqueue_job, finish_progress, report_progress
from thidua.news.enums import AudioState
from thidua.news.models import Article, ArticleAudio
from thidua.news.services.text import html_to_text

logger = logging.getLogger(__name__)


def spoken_text(article: Article) -> str:
    return f"{article.title}. {article.summary} {html_to_text(article.body)}"


def _queue_audio(*, actor: Any, article: Article) -> ArticleAudio:
    from thidua.news.tasks import generate_article_audio_task  # tasks import services

    text_hash = hashlib.sha256(spoken_text(article).encode()).hexdigest()
    audio, _ = ArticleAudio.objects.update_or_create(
        article=article, version=article.published_version, defaults={"text_hash": text_hash}
    )
    same = (
        ArticleAudio.objects.filter(text_hash=text_hash, state=AudioState.READY).exclude(pk=audio.pk).first()
    )
    if same is not None:  # the text was spoken before (e.g. published again unchanged)
        audio.file.name, audio.state = same.file.name, AudioState.READY
        audio.save(update_fields=["file", "state"])
        return audio
    progress = enqueue_job(
        generate_article_audio_task,
        audio.pk,
        label=f"Tạo âm thanh đọc bài «{article.title[:120]}»",
        owner=actor,
        subject=article,
    )
    ArticleAudio.objects.filter(pk=audio.pk).update(progress=progress)
    return audio


def espeak_wav(text: str) -> bytes:
    """Vietnamese speech as a WAV file, by espeak-ng (Debian package espeak-ng)."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise RuntimeError("espeak-ng is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "text.txt", Path(tmp) / "out.wav"
        source.write_text(text, encoding="utf-8")
        subprocess.run(  # noqa: S603
            [program, "-v", "vi", "-b", "1", "-f", str(source), "-w", str(target)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return target.read_bytes()


def generate_article_audio(*, audio_id: int, progress_id: int | None = None) -> ArticleAudio:
    """Run by the background job: speak the published version once and store the WAV."""
    audio = ArticleAudio.objects.select_related("article").get(pk=audio_id)
    if audio.state == AudioState.READY and audio.file:
        finish_progress(progress_id=progress_id, message="Âm thanh đã có sẵn.")
        return audio
    report_progress(progress_id=progress_id, done=0, total=2, message="Đang đọc bài bằng espeak-ng")
    try:
        wav = espeak_wav(spoken_text(audio.article))
    except (OSError, RuntimeError, subprocess.SubprocessError):
        # The cause (English, technical) goes to the log; the person watching the job gets Vietnamese.
        logger.exception("espeak-ng failed for article audio %s", audio.pk)
        ArticleAudio.objects.filter(pk=audio.pk).update(state=AudioState.FAILED)
        finish_progress(
            progress_id=progress_id,
            message="Không tạo được âm thanh đọc bài; lỗi đã được ghi lại để quản trị viên xử lý.",
            failed=True,
        )
        raise
    report_progress(progress_id=progress_id, done=1, total=2, message="Đang lưu tệp âm thanh")
    audio.file.save(f"{audio.text_hash}.wav", ContentFile(wav), save=False)
    audio.state = AudioState.READY
    audio.save(update_fields=["file", "state"])
    finish_progress(progress_id=progress_id, message="Đã tạo âm thanh đọc bài.")
    return audio


# --------------------------------------------------------------------------------------------------
# Drafts from events (a conference now; a decision later through the same DraftSource protocol)
