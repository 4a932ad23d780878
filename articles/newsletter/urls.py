from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", views.subscribe, name="subscribe"),
    path("newsletter/check-your-email/", views.check_email, name="check-email"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/preferences/<str:token>/", views.preferences, name="preferences"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
