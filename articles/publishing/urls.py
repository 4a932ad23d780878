from django.urls import re_path

from . import views

app_name = "publishing"

urlpatterns = [
    re_path(r"^(?P<key>[A-Za-z0-9-]{8,128})\.txt$", views.indexnow_key, name="indexnow-key"),
]
