"""The permission matrix: what each kind of person gets from each URL.

One row per URL name (unnamed URLs by their pattern; the admin's as "admin:*", checked
on a few of its pages). Each case names its method, the object it is about (see
``World.kwargs`` in test_permission_matrix.py), what it posts, and the answers, in the
order of PERSONAS: a status code, or "login" for a redirect to the sign-in page.

The people: someone signed out; an outsider on the hiring team with no part in the role;
an interviewer on the loop whose note is still a draft ("before") and one whose note is
submitted ("after"); the role's recruiter and hiring manager; staff. What the answers
may never contain, whatever their status, is checked beside them.
"""

from dataclasses import dataclass, field

PERSONAS = ("anonymous", "outsider", "before", "after", "recruiter", "manager", "staff")


@dataclass(frozen=True)
class Case:
    method: str
    target: str
    answers: str
    data: dict = field(default_factory=dict)
    htmx: bool = False

    @property
    def expected(self) -> dict[str, str]:
        answers = self.answers.split()
        if len(answers) != len(PERSONAS):
            return {}
        return dict(zip(PERSONAS, answers, strict=True))


def GET(target="", answers="", **options):
    return Case("GET", target, answers, **options)


def POST(target="", answers="", data=None, **options):
    return Case("POST", target, answers, data or {}, **options)


#           anonymous outsider before after recruiter manager staff
MATRIX = {
    "healthz": [GET("", "200 200 200 200 200 200 200")],
    "livez": [GET("", "200 200 200 200 200 200 200")],
    "favicon.ico": [GET("", "301 301 301 301 301 301 301")],
    "login": [GET("", "200 200 200 200 200 200 200")],
    "logout": [POST("", "login login login login login login login")],
    "password_change": [GET("", "login 200 200 200 200 200 200")],
    "password_change_done": [GET("", "login 200 200 200 200 200 200")],
    "password_reset": [GET("", "200 200 200 200 200 200 200")],
    "password_reset_done": [GET("", "200 200 200 200 200 200 200")],
    "password_reset_confirm": [GET("reset", "200 200 200 200 200 200 200")],
    "password_reset_complete": [GET("", "200 200 200 200 200 200 200")],
    # The admin, by path: staff only; a staff member without the admin's model permissions
    # (not a superuser) sees the index and the audit trail, and gets 403 for the rest.
    "admin:*": [
        GET("/admin/", "login login login login login login 200"),
        GET("/admin/loops/person/", "login login login login login login 403"),
        GET("/admin/loops/role/", "login login login login login login 403"),
        GET("/admin/loops/orgsettings/", "login login login login login login 403"),
        GET("/admin/loops/auditevent/", "login login login login login login 200"),
    ],
    "loops:home": [GET("", "login 302 302 302 302 302 302")],
    "loops:people": [GET("", "login 200 200 200 200 200 200")],
    "loops:person-new": [
        GET("", "login 200 403 403 200 200 200"),
        POST("", "login 422 403 403 422 422 422"),
    ],
    "loops:people-import": [GET("", "login 200 403 403 200 200 200")],
    # By the kind of person edited: a plain person, a hiring-team member, staff. Only staff
    # change the entries of the hiring team and of staff (an email is an account).
    "loops:person-edit": [
        GET("person", "login 200 403 403 200 200 200"),
        POST("person", "login 422 403 403 422 422 422"),
        GET("team_member", "login 403 403 403 403 403 200"),
        POST("team_member", "login 403 403 403 403 403 422"),
        GET("staff_member", "login 403 403 403 403 403 200"),
        POST("staff_member", "login 403 403 403 403 403 422"),
    ],
    "loops:account": [
        GET("", "login 200 200 200 200 200 200"),
        POST("", "login 422 422 422 422 422 422"),
    ],
    "loops:roles": [GET("", "login 200 200 200 200 200 200")],
    "loops:role-new": [GET("", "login 200 403 403 200 200 200")],
    "loops:role-detail": [GET("role", "login 404 404 404 200 200 200")],
    "loops:role-edit": [
        GET("role", "login 404 404 404 200 200 200"),
        POST("role", "login 404 404 404 422 422 422"),
    ],
    "loops:focus-form": [GET("role", "login 404 404 404 200 200 200")],
    "loops:focus-add": [POST("role", "login 404 404 404 422 422 422")],
    "loops:focus-delete": [POST("focus", "login 404 404 404 302 302 302")],
    "loops:weak-spot-add": [POST("role", "login 404 404 404 422 422 422")],
    "loops:weak-spot-delete": [POST("weak_spot", "login 404 404 404 302 302 302")],
    "loops:closeness": [GET("role", "login 404 404 404 200 200 200")],
    "loops:closeness-set": [POST("role", "login 404 404 404 400 400 400")],
    "loops:candidate-new": [
        GET("role", "login 404 404 404 200 200 200"),
        POST("role", "login 404 404 404 422 422 422"),
    ],
    "loops:loop-list": [GET("", "login 200 200 200 200 200 200")],
    "loops:loop-detail": [
        GET("loop", "login 404 403 403 200 200 200"),
        GET("other_loop", "login 404 404 404 404 404 200"),
    ],
    "loops:loop-coverage": [GET("loop", "login 404 403 403 200 200 200")],
    "loops:slot-add": [POST("loop", "login 404 403 403 302 302 302")],
    "loops:loop-suggest": [GET("loop", "login 404 403 403 200 200 200")],
    "loops:loop-suggest-apply": [POST("loop", "login 404 403 403 302 302 302")],
    "loops:loop-move": [POST("loop", "login 404 403 403 302 302 302")],
    "loops:slot-edit": [
        GET("slot", "login 404 403 403 200 200 200"),
        POST("slot", "login 404 403 403 302 302 302"),
    ],
    "loops:slot-delete": [POST("slot", "login 404 403 403 302 302 302")],
    "loops:slot-move": [POST("slot", "login 404 403 403 302 302 302")],
    "loops:slot-swap": [POST("slot", "login 404 403 403 404 404 404")],
    "loops:slot-kit": [GET("slot", "login 404 200 403 200 200 200")],
    "loops:people-search": [GET("", "login 200 403 403 200 200 200")],
    "loops:my-interviews": [GET("", "login 200 200 200 200 200 200")],
    "loops:note": [GET("slot", "login 404 200 403 302 302 302")],
    "loops:note-autosave": [POST("slot", "login 404 302 403 403 403 403")],
    "loops:note-vote": [POST("slot", "login 404 302 403 403 403 403")],
    "loops:note-submit": [POST("slot", "login 404 302 403 403 403 403")],
    "loops:note-amend": [POST("slot", "login 404 302 403 403 403 403")],
    "loops:loop-notes": [
        GET("loop", "login 404 200 200 200 200 200"),
        GET("other_loop", "login 404 404 404 404 404 200"),
    ],
    "loops:preread": [GET("loop", "login 404 403 403 403 200 200")],
    "loops:preread-json": [GET("loop", "login 404 403 403 403 200 200")],
    "loops:preread-change": [POST("loop", "login 404 403 403 403 302 302")],
    "loops:debrief": [
        GET("loop", "login 404 200 200 403 200 200"),
        GET("loop", "login 404 200 200 403 200 200", htmx=True),
        GET("decided", "login 404 200 200 403 200 200"),
    ],
    "loops:debrief-start": [POST("loop", "login 404 403 403 403 302 302")],
    "loops:debrief-join": [POST("loop", "login 404 204 204 403 204 204")],
    # Signed out, a stream answers 401 (no redirect for an EventSource to follow).
    "loops:debrief-stream": [GET("loop", "401 404 200 200 403 200 200")],
    "loops:debrief-step": [POST("loop", "login 404 403 403 403 302 302")],
    "loops:debrief-resolve": [POST("loop", "login 404 403 403 403 302 302")],
    "loops:debrief-role": [POST("loop", "login 404 403 403 403 302 302")],
    "loops:debrief-role-apply": [POST("loop", "login 404 403 403 403 302 302")],
    "loops:debrief-vote": [POST("loop", "login 404 422 422 403 422 422", htmx=True)],
    "loops:debrief-reveal": [POST("loop", "login 404 403 403 403 302 302")],
    "loops:debrief-decide": [POST("loop", "login 404 403 403 403 302 302")],
    "loops:debrief-record": [
        GET("record_md", "login 404 200 200 403 200 200"),
        GET("record_json", "login 404 200 200 403 200 200"),
        GET("live_record", "login 404 403 403 403 403 403"),
    ],
    "loops:calibration": [GET("", "login 200 200 200 200 200 200")],
    "loops:calibration-csv": [GET("", "login 200 200 200 200 200 200")],
    "loops:role-report": [GET("", "login 200 200 200 200 200 200")],
    "loops:role-report-csv": [GET("table", "login 200 200 200 200 200 200")],
    "loops:notices": [GET("", "login 200 200 200 200 200 200")],
    "loops:audit": [GET("", "login 403 403 403 403 403 200")],
    "loops:org-settings": [
        GET("", "login 403 403 403 403 403 200"),
        POST("", "login 403 403 403 403 403 422"),
    ],
}
