from django.urls import path

from thidua.news import views

app_name = "news"
urlpatterns = [
    path("", views.home, name="home"),
    path("tin-bai/rss/", views.LatestArticlesFeed(), name="feed_rss"),
    path("tin-bai/atom/", views.LatestArticlesAtomFeed(), name="feed_atom"),
    path("tin-bai/tim-kiem/", views.search, name="search"),
    path("tin-bai/anh/<int:pk>/", views.article_image, name="article_image"),
    path("tin-bai/<slug:slug>/", views.article_detail, name="article_detail"),
    path("tin-bai/<slug:slug>/doc-bai.wav", views.article_audio, name="article_audio"),
    path("chuyen-muc/<slug:slug>/", views.category_detail, name="category_detail"),
    path("the/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("guong-dien-hinh/", views.honour_board, name="honour_board"),
    path("bien-tap/", views.editor_home, name="editor_home"),
    path("bien-tap/tin-bai/moi/", views.article_create, name="article_create"),
    path("bien-tap/tin-bai/<int:pk>/", views.article_edit, name="article_edit"),
    path("bien-tap/tin-bai/<int:pk>/xem-truoc/", views.article_preview, name="article_preview"),
    path("bien-tap/tin-bai/<int:pk>/gui-duyet/", views.article_submit, name="article_submit"),
    path("bien-tap/tin-bai/<int:pk>/xuat-ban/", views.article_publish, name="article_publish"),
    path("bien-tap/tin-bai/<int:pk>/tra-lai/", views.article_return, name="article_return"),
    path("bien-tap/tin-bai/<int:pk>/anh/", views.article_image_add, name="article_image_add"),
    path(
        "bien-tap/tin-bai/<int:pk>/anh/<int:image_pk>/bo/",
        views.article_image_remove,
        name="article_image_remove",
    ),
    path("bien-tap/tin-bai/<int:pk>/ban-sua/", views.article_revision, name="article_revision"),
    path("bien-tap/tin-bai/<int:pk>/ban-sua/duyet/", views.revision_approve, name="revision_approve"),
    path("bien-tap/tin-bai/<int:pk>/ban-sua/rut-lai/", views.revision_withdraw, name="revision_withdraw"),
    path("bien-tap/hoi-nghi/<int:pk>/soan-tin/", views.draft_from_conference, name="draft_from_conference"),
    path("bien-tap/guong-dien-hinh/moi/", views.honour_create, name="honour_create"),
    path("bien-tap/guong-dien-hinh/<int:pk>/", views.honour_edit, name="honour_edit"),
    path("bien-tap/guong-dien-hinh/<int:pk>/dong-y/", views.honour_consent, name="honour_consent"),
    path("bien-tap/guong-dien-hinh/<int:pk>/sua/", views.honour_update, name="honour_update"),
    path("bien-tap/guong-dien-hinh/<int:pk>/dang/", views.honour_publish, name="honour_publish"),
]
