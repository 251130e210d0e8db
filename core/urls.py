"""The pages of core: the signed-in person's notifications."""

from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification"),
    path("notifications/read/", views.notifications_read_all, name="notifications-read"),
]
