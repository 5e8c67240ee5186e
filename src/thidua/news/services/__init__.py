"""Writes of the news app, split by sub-domain; the public names are re-exported here."""

from thidua.core.images import MAX_IMAGE_BYTES as MAX_IMAGE_BYTES
from thidua.news.services.articles import (
    ArticleInput as ArticleInput,
)
from thidua.news.services.articles import (
    add_article_image as add_article_image,
)
from thidua.news.services.articles import (
    create_article as create_article,
)
from thidua.news.services.articles import (
    create_category as create_category,
)
from thidua.news.services.articles import (
    publish_article as publish_article,
)
from thidua.news.services.articles import (
    remove_article_image as remove_article_image,
)
from thidua.news.services.articles import (
    return_article_to_draft as return_article_to_draft,
)
from thidua.news.services.articles import (
    submit_article_for_review as submit_article_for_review,
)
from thidua.news.services.articles import (
    update_article as update_article,
)
from thidua.news.services.audio import (
    espeak_wav as espeak_wav,
)
from thidua.news.services.audio import (
    generate_article_audio as generate_article_audio,
)
from thidua.news.services.audio import (
    spoken_text as spoken_text,
)
from thidua.news.services.drafts import (
    ConferenceSource as ConferenceSource,
)
from thidua.news.services.drafts import (
    DraftFacts as DraftFacts,
)
from thidua.news.services.drafts import (
    DraftSource as DraftSource,
)
from thidua.news.services.drafts import (
    draft_article_from_conference as draft_article_from_conference,
)
from thidua.news.services.drafts import (
    draft_article_from_source as draft_article_from_source,
)
from thidua.news.services.honour import (
    HonourCandidate as HonourCandidate,
)
from thidua.news.services.honour import (
    HonourCandidateSource as HonourCandidateSource,
)
from thidua.news.services.honour import (
    create_honour_entry as create_honour_entry,
)
from thidua.news.services.honour import (
    draft_honour_entries_from_source as draft_honour_entries_from_source,
)
from thidua.news.services.honour import (
    publish_honour_entry as publish_honour_entry,
)
from thidua.news.services.honour import (
    record_honour_consent as record_honour_consent,
)
from thidua.news.services.honour import (
    update_honour_entry as update_honour_entry,
)
from thidua.news.services.revisions import (
    approve_article_revision as approve_article_revision,
)
from thidua.news.services.revisions import (
    withdraw_article_revision as withdraw_article_revision,
)
from thidua.news.services.text import (
    ALLOWED_ATTRIBUTES as ALLOWED_ATTRIBUTES,
)
from thidua.news.services.text import (
    ALLOWED_TAGS as ALLOWED_TAGS,
)
from thidua.news.services.text import (
    URL_SCHEMES as URL_SCHEMES,
)
from thidua.news.services.text import (
    html_to_text as html_to_text,
)
from thidua.news.services.text import (
    sanitize_html as sanitize_html,
)
