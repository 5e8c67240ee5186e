from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "thidua.news"
    label = "news"
    verbose_name = "Tin bài"

    def ready(self) -> None:
        from thidua.core.jobs import register_job_subject
        from thidua.core.rules import allows
        from thidua.core.search import SearchKind, register_search_kind
        from thidua.news import rules  # noqa: F401  (registers this app's permission rules)
        from thidua.news.search import find_articles
        from thidua.news.services.decision_source import offer_drafts
        from thidua.proposals.services import register_decision_listener

        # An issued decision offers a draft article and honour-board suggestions (editors review them).
        register_decision_listener("news", offer_drafts)

        register_search_kind(SearchKind("articles", "Tin bài", find_articles, order=1))

        # A job on an article (its read-aloud audio) is followed by those who may edit the article.
        register_job_subject(
            "news.article", lambda user, article: allows(user, "news.write_article", article)
        )
