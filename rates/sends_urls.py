from django.urls import path

from rates import sends_views

app_name = "sends"

urlpatterns = [
    path("", sends_views.sends, name="list"),
]
