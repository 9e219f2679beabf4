"""Training: a person's own learning record, self-assessment, feedback and certificate."""

from django.urls import path, re_path

from training.views import learning

urlpatterns: list = [
    re_path(
        r"^sessions/(?P<pk>[0-9]+)/rate-yourself/(?P<stage>before|after)/$",
        learning.assessment,
        name="assessment",
    ),
    path("sessions/<int:pk>/feedback/", learning.feedback, name="feedback"),
    path("sessions/<int:pk>/progress/", learning.progress, name="progress"),
    path("sessions/<int:pk>/certificate/", learning.certificate, name="certificate"),
    path("my-learning/", learning.my_learning, name="my_learning"),
    path("my-learning/my-learning.csv", learning.my_learning_csv, name="my_learning_csv"),
]
