from django.urls import path

from articles.caching import cache_for_readers

from . import views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/flag/", views.flag, name="flag"),
    path(
        "<int:pk>/replies/",
        cache_for_readers(views.replies, params=("page",)),
        name="replies",
    ),
    path("confirm/<str:token>/", views.confirm_email, name="confirm-email"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
