from django.urls import path

from deliveries import progress_views, record_views, views

app_name = "deliveries"

urlpatterns = [
    path("", views.search, name="search"),
    path("records/<int:pk>/", record_views.record_detail, name="record"),
    path("records/<int:pk>/status/", record_views.record_status, name="record-status"),
    path("search-progress/<str:token>/", progress_views.progress, name="search-progress"),
]
