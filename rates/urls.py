from django.urls import path

from rates import views

app_name = "rates"

urlpatterns = [
    path("", views.stats, name="stats"),
]
