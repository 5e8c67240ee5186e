from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "thidua.news"
    label = "news"
    verbose_name = "Tin bài"

    def ready(self) -> None:
        from thidua.core.jobs import register_job_subject
        from thidua.core.rules import allows
        from thidua.news import rules  # noqa: F401  (registers this app's permission rules)

        # A job on an article (its read-aloud audio) is followed by those who may edit the article.
        register_job_subject(
            "news.article", lambda user, article: allows(user, "news.write_article", article)
        )
