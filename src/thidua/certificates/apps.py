from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "thidua.certificates"
    label = "certificates"
    verbose_name = "Bằng, giấy chứng nhận"

    def ready(self) -> None:
        from thidua.certificates import rules  # noqa: F401  (registers this app's permission rules)
        from thidua.core.jobs import register_job_subject
        from thidua.core.rules import allows

        # The progress page of a decision's batch: those who may print its certificates.
        register_job_subject(
            "awards.decision",
            lambda user, decision: allows(user, "certificates.issue_certificates", decision),
        )
