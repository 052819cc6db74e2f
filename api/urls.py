from django.urls import path

from api import views

urlpatterns = [
    path("", views.tokens, name="api-tokens"),
    path("<int:pk>/revoke/", views.revoke, name="api-token-revoke"),
]
