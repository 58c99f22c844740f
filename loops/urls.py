from django.urls import path

from loops.views import org, people, roles

app_name = "loops"

urlpatterns = [
    path("", roles.role_list, name="home"),
    path("people/", people.directory, name="people"),
    path("people/new/", people.person_new, name="person-new"),
    path("people/import/", people.people_import, name="people-import"),
    path("people/<int:pk>/", people.person_edit, name="person-edit"),
    path("roles/", roles.role_list, name="roles"),
    path("roles/new/", roles.role_new, name="role-new"),
    path("roles/<int:pk>/", roles.role_detail, name="role-detail"),
    path("roles/<int:pk>/edit/", roles.role_edit, name="role-edit"),
    path("roles/<int:pk>/focus/new/", roles.focus_form, name="focus-form"),
    path("roles/<int:pk>/focus/", roles.focus_add, name="focus-add"),
    path("roles/<int:pk>/focus/<int:item_pk>/delete/", roles.focus_delete, name="focus-delete"),
    path("roles/<int:pk>/weak-spots/", roles.weak_spot_add, name="weak-spot-add"),
    path(
        "roles/<int:pk>/weak-spots/<int:item_pk>/delete/",
        roles.weak_spot_delete,
        name="weak-spot-delete",
    ),
    path("roles/<int:pk>/closeness/", roles.closeness_grid, name="closeness"),
    path("roles/<int:pk>/closeness/set/", roles.closeness_set, name="closeness-set"),
    path("settings/", org.org_settings, name="org-settings"),
]
