from django.urls import re_path

from . import views

app_name = "readership"

# At most 18 digits: every such id fits a 64-bit primary key, and longer ones are a 404 here.
urlpatterns = [
    re_path(r"^read/(?P<article_id>[0-9]{1,18})/$", views.read_beacon, name="beacon"),
    re_path(r"^read/(?P<article_id>[0-9]{1,18})/pixel\.gif$", views.read_pixel, name="pixel"),
    re_path(r"^read/(?P<rest>.*)$", views.not_a_beacon),
]
