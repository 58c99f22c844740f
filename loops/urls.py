from django.urls import path

from loops.views import loops, notices, org, people, roles

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
    path("roles/<int:pk>/candidates/new/", loops.candidate_new, name="candidate-new"),
    path("loops/", loops.loop_list, name="loop-list"),
    path("loops/<int:pk>/", loops.loop_detail, name="loop-detail"),
    path("loops/<int:pk>/coverage/", loops.loop_coverage, name="loop-coverage"),
    path("loops/<int:pk>/slots/", loops.slot_add, name="slot-add"),
    path("loops/<int:pk>/suggest/", loops.loop_suggest, name="loop-suggest"),
    path("loops/<int:pk>/suggest/apply/", loops.loop_suggest_apply, name="loop-suggest-apply"),
    path("loops/<int:pk>/move/", loops.loop_move, name="loop-move"),
    path("slots/<int:pk>/edit/", loops.slot_edit, name="slot-edit"),
    path("slots/<int:pk>/delete/", loops.slot_delete, name="slot-delete"),
    path("slots/<int:pk>/move/", loops.slot_move, name="slot-move"),
    path("slots/<int:pk>/swap/", loops.slot_swap, name="slot-swap"),
    path("slots/<int:pk>/kit/", loops.slot_kit, name="slot-kit"),
    path("people/search/", loops.people_search, name="people-search"),
    path("notices/", notices.notice_list, name="notices"),
    path("settings/", org.org_settings, name="org-settings"),
]
