"""Background jobs of the news app."""

from __future__ import annotations

from django_tasks import task

from thidua.news import services


@task()
def generate_article_audio_task(audio_id: int, *, progress_id: int | None = None) -> str:
    audio = services.generate_article_audio(audio_id=audio_id, progress_id=progress_id)
    return audio.file.name
