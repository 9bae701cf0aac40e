from django.urls import path

from . import views

app_name = "subcommittees"

urlpatterns = [
    path("", views.home, name="home"),
    path("steering/", views.steering_dashboard, name="steering_dashboard"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/export.csv", views.task_export, name="task_export"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task_progress"),
    path("tasks/<int:pk>/updates/", views.task_comment, name="task_comment"),
    path("tasks/<int:pk>/submit/", views.task_submit, name="task_submit"),
    path("tasks/<int:pk>/dependencies/", views.dependency_add, name="dependency_add"),
    path(
        "tasks/<int:pk>/dependencies/<int:depends_on_pk>/remove/",
        views.dependency_remove,
        name="dependency_remove",
    ),
    path("tasks/<int:pk>/<slug:action>/", views.task_transition, name="task_transition"),
    path("updates/<int:pk>/attachment/", views.attachment, name="attachment"),
    path("escalations/", views.escalation_list, name="escalation_list"),
    path("escalations/new/", views.escalation_create, name="escalation_create"),
    path("escalations/<int:pk>/", views.escalation_detail, name="escalation_detail"),
    path("escalations/<int:pk>/decide/", views.escalation_decide, name="escalation_decide"),
    path("escalations/<int:pk>/withdraw/", views.escalation_withdraw, name="escalation_withdraw"),
    path("milestones/", views.milestone_list, name="milestone_list"),
    path("milestones/new/", views.milestone_create, name="milestone_create"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone_edit"),
    path("milestones/<int:pk>/report/", views.milestone_report, name="milestone_report"),
    path("<slug:slug>/", views.lead_dashboard, name="lead_dashboard"),
]
