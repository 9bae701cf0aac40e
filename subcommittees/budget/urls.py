from django.urls import path

from . import views

app_name = "budget"

urlpatterns = [
    path("", views.home, name="home"),
    path("proposals/new/", views.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/lines/<int:line_pk>/", views.line_edit, name="line_edit"),
    path("proposals/<int:pk>/lines/<int:line_pk>/remove/", views.line_remove, name="line_remove"),
    path("proposals/<int:pk>/<str:action>/", views.proposal_action, name="proposal_action"),
    path("norms/", views.norms_list, name="norms_list"),
    path("norms/<int:version>/", views.norms, name="norms"),
    path("norms/<int:version>/<str:action>/", views.norms_action, name="norms_action"),
    path("estimates/", views.estimates, name="estimates"),
    path("estimates/<int:pk>/", views.estimate_detail, name="estimate_detail"),
    path("estimates/<int:pk>/estimate.xlsx", views.estimate_xlsx, name="estimate_xlsx"),
    path("estimates/<int:pk>/estimate.pdf", views.estimate_pdf, name="estimate_pdf"),
    path("estimates/<int:pk>/<str:action>/", views.estimate_action, name="estimate_action"),
]
